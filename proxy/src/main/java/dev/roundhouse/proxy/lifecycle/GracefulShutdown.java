package dev.roundhouse.proxy.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.GoDuration;
import dev.roundhouse.proxy.ProxyServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the proxy without failing a request it has accepted.
 *
 * <ol>
 *   <li>{@code /readyz} answers 503 at once, and no config is applied any more (the watch stops);
 *   <li>after {@code --shutdown-delay} (time for a Kubernetes Service to take the pod out of its
 *       endpoints) the listeners close: new connections are refused;
 *   <li>idle keep-alive connections close at once; busy ones finish their request in flight, its
 *       response saying {@code Connection: close}, then close; for at most {@code --drain-timeout}.
 *       Tunnels (WebSockets) stay open meanwhile, unless their ends close them;
 *   <li>whatever is still open then is closed (tunnels first, so that their access-log lines say
 *       {@code closed_by=shutdown}), the rest of the proxy stops, and the process exits 0.
 * </ol>
 *
 * A second signal during all this exits at once. Each step is logged.
 */
public final class GracefulShutdown {

  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
  private static final long POLL_MILLIS = 20;

  /** How long the tunnels closed at the end of the drain get to report before the rest stops. */
  private static final Duration TUNNEL_CLOSE_WAIT = Duration.ofSeconds(1);

  private final ProxyReadiness readiness;
  private final HitlessConfigApplier live;
  private final AutoCloseable configWatch;
  private final ProxyServer server;
  private final Duration delay;
  private final Duration drainTimeout;
  private final Runnable release;
  private final CountDownLatch done = new CountDownLatch(1);

  /**
   * @param configWatch stops watching the config source
   * @param release stops everything else (health checks, admin server, data path, metrics,
   *     logging), once the connections are done
   */
  public GracefulShutdown(
      ProxyReadiness readiness,
      HitlessConfigApplier live,
      AutoCloseable configWatch,
      ProxyServer server,
      Duration delay,
      Duration drainTimeout,
      Runnable release) {
    this.readiness = requireNonNull(readiness, "readiness");
    this.live = requireNonNull(live, "live");
    this.configWatch = requireNonNull(configWatch, "configWatch");
    this.server = requireNonNull(server, "server");
    this.delay = requireNonNull(delay, "delay");
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    this.release = requireNonNull(release, "release");
  }

  /** Starts the shutdown on a thread of its own, on the first SIGTERM or SIGINT. */
  public void begin(String signal) {
    readiness.shutDown(); // before anything else: the load balancer in front must know
    Thread thread = new Thread(() -> run(signal), "roundhouse-shutdown");
    thread.start();
  }

  /** A second signal: exits at once with 128 + its number, whatever is still in flight. */
  public void now(String signal) {
    log.warn(
        "SIG{} received again: exiting at once, {} client connections still open",
        signal,
        server.connections().size());
    Runtime.getRuntime().halt(StopSignals.exitStatus(signal));
  }

  /** Waits until the shutdown has finished; the process may then exit 0. */
  public void awaitDone() throws InterruptedException {
    done.await();
  }

  private void run(String signal) {
    try {
      log.info(
          "SIG{} received: shutting down gracefully. /readyz answers 503 from now on; the listeners"
              + " close in {} (--shutdown-delay); requests in flight get up to {} to finish"
              + " (--drain-timeout). Send the signal again to exit at once.",
          signal,
          GoDuration.format(delay),
          GoDuration.format(drainTimeout));
      live.close();
      closeQuietly(configWatch);
      log.info("shutdown: stopped watching the config");
      pause(delay);
      Set<Integer> ports = server.listeners().ports();
      server.listeners().close();
      log.info("shutdown: listeners on ports {} closed; new connections are refused", ports);
      drain();
    } finally {
      release.run();
      done.countDown();
    }
  }

  private void drain() {
    long start = System.nanoTime();
    int told = server.connections().finishAndCloseAll();
    log.info(
        "shutdown: {} open: idle ones close now, busy ones after the response in flight (which"
            + " says Connection: close)",
        told == 1 ? "1 client connection" : told + " client connections");
    long deadline = start + drainTimeout.toNanos();
    while (server.connections().size() > 0 && System.nanoTime() < deadline) {
      pause(Duration.ofMillis(POLL_MILLIS));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int left = server.connections().size();
    if (left == 0) {
      log.info(
          "shutdown: every client connection finished, in {}", GoDuration.format(rounded(took)));
    } else {
      log.warn(
          "shutdown: the drain timeout of {} is over: closing the {} connections still open"
              + " (requests in flight, tunnels)",
          GoDuration.format(drainTimeout),
          left);
      server.connections().closeTunnels();
      long closeDeadline = System.nanoTime() + TUNNEL_CLOSE_WAIT.toNanos();
      while (server.connections().size() > 0 && System.nanoTime() < closeDeadline) {
        pause(Duration.ofMillis(POLL_MILLIS));
      }
    }
  }

  private static Duration rounded(Duration took) {
    return Duration.ofMillis(took.toMillis());
  }

  private static void pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("shutdown: stopping the config watch failed", e);
    }
  }
}
