package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP re-reads the config, as it does for nginx and HAProxy.
 *
 * <p>Uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module, the only way a Java
 * program can catch a signal; it is present in every JDK the proxy supports. SIGTERM and SIGINT are
 * taken over the same way for the graceful shutdown ({@code lifecycle.StopSignals}). Without this
 * handler SIGHUP would terminate the JVM.
 */
public final class HangupSignal {

  private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);

  private HangupSignal() {}

  /**
   * Makes SIGHUP run {@code reload}.
   *
   * @return false when the JVM does not let the proxy handle SIGHUP (e.g. started with {@code
   *     -Xrs}); that is logged and the proxy runs on without it
   */
  public static boolean install(Runnable reload) {
    try {
      Signal.handle(new Signal("HUP"), handler(reload));
      return true;
    } catch (IllegalArgumentException e) {
      log.warn(
          "SIGHUP cannot be handled in this JVM ({}); reload with POST /admin/reload instead",
          e.getMessage());
      return false;
    }
  }

  /** The handler {@link #install} registers: it logs the signal and runs {@code reload}. */
  static SignalHandler handler(Runnable reload) {
    requireNonNull(reload, "reload");
    return signal -> {
      log.info("SIGHUP received: re-reading the config");
      try {
        reload.run();
      } catch (RuntimeException e) {
        log.error("reloading the config on SIGHUP failed", e);
      }
    };
  }
}
