package dev.roundhouse.proxy.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful shutdown; a second one of either exits at once.
 *
 * <p>The proxy handles them itself with {@code sun.misc.Signal} (module {@code jdk.unsupported},
 * present in every JDK), as {@link dev.roundhouse.proxy.config.HangupSignal} does for SIGHUP,
 * instead of relying on the JVM's shutdown hooks: a JVM stopped by a signal through its hooks exits
 * with 128 + the signal's number (143 for SIGTERM), while a proxy that drained cleanly should exit
 * 0, and a hook cannot tell a second signal from the first.
 */
public final class StopSignals {

  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /**
   * Makes the first SIGTERM or SIGINT call {@code first} and every later one call {@code again},
   * each with the signal's name ({@code TERM}, {@code INT}). Handlers run on a thread the JVM
   * starts for each signal.
   *
   * @return false when the JVM does not let the proxy handle them (e.g. started with {@code -Xrs});
   *     that is logged, and the signals then stop the JVM without draining
   */
  public static boolean install(Consumer<String> first, Consumer<String> again) {
    requireNonNull(first, "first");
    requireNonNull(again, "again");
    AtomicBoolean received = new AtomicBoolean();
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        Signal.handle(
            new Signal(name),
            signal -> {
              if (received.compareAndSet(false, true)) {
                first.accept(signal.getName());
              } else {
                again.accept(signal.getName());
              }
            });
      }
      return true;
    } catch (IllegalArgumentException e) {
      log.warn(
          "SIGTERM/SIGINT cannot be handled in this JVM ({}): they stop the proxy without"
              + " draining its connections",
          e.getMessage());
      return false;
    }
  }

  /** The exit status of a process killed by {@code signal}, as a shell reports it: 128 + number. */
  static int exitStatus(String signal) {
    return 128 + ("INT".equals(signal) ? 2 : 15);
  }
}
