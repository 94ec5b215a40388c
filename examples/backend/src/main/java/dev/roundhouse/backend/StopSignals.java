package dev.roundhouse.backend;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop that ends with exit status 0.
 *
 * <p>A JVM shutdown hook would also run on SIGTERM, but the JVM then exits with 143, which
 * container runtimes and scripts read as a failure. Handling the signal ourselves lets the main
 * thread drain the server and exit 0. {@code sun.misc.Signal} lives in {@code jdk.unsupported}, the
 * module the JDK keeps exported for exactly this kind of use.
 */
final class StopSignals {

  private final CountDownLatch stop = new CountDownLatch(1);

  /** Installs the handlers; the first signal releases {@link #await()}. */
  StopSignals install() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    return this;
  }

  /** Blocks until a stop signal arrives. */
  void await() throws InterruptedException {
    stop.await();
  }
}
