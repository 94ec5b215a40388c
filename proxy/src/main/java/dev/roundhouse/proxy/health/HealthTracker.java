package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health state machine of one backend: counts consecutive check results and request failures
 * and moves the {@link BackendState} up or down when a threshold is reached.
 *
 * <ul>
 *   <li>Active: down after {@code unhealthyThreshold} failed checks in a row, up after {@code
 *       healthyThreshold} passed checks in a row.
 *   <li>Passive: down at once after {@code passiveThreshold} failed requests in a row; one passed
 *       check brings it back. A failed check in between makes it an ordinary active down, which
 *       then needs {@code healthyThreshold} passes.
 * </ul>
 *
 * <p>A change is logged once, with its reason; repeated results in the same state log nothing.
 * Check results arrive on one event loop and request outcomes on any, so the counters of checks are
 * guarded by this object's lock, while the hot path ({@link #requestSucceeded()}) touches only an
 * atomic and usually only reads it.
 */
public final class HealthTracker {

  private static final Logger log = LoggerFactory.getLogger(HealthTracker.class);

  private final BackendState backend;
  private final Clock clock;
  private final AtomicInteger requestFailures = new AtomicInteger();
  private int passes;
  private int failures;
  private boolean ejectedPassively;
  private ProbeResult lastCheck;

  /** Tracks {@code backend}, stamping changes with {@code clock}. */
  public HealthTracker(BackendState backend, Clock clock) {
    this.backend = requireNonNull(backend, "backend");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The backend this tracks. */
  public BackendState backend() {
    return backend;
  }

  /** Counts an active check's result and moves the backend if a threshold is reached. */
  public synchronized void checked(ProbeResult result, HealthCheck settings) {
    lastCheck = result;
    if (result.ok()) {
      failures = 0;
      passes++;
      if (ejectedPassively) {
        up("a health check passed after passive ejection (" + result.detail() + ")");
      } else if (passes >= settings.healthyThreshold()) {
        up(count(passes, "passed check") + " in a row (" + result.detail() + ")");
      }
    } else {
      passes = 0;
      failures++;
      ejectedPassively = false;
      if (failures >= settings.unhealthyThreshold()) {
        down(
            count(failures, "failed check") + " in a row, last: " + result.detail(),
            "until " + count(settings.healthyThreshold(), "check") + " in a row pass");
      }
    }
  }

  /** A real request got a response: the backend is reachable, so the failure streak ends. */
  public void requestSucceeded() {
    // Read first: on the hot path the streak is almost always zero, and a read keeps the cache
    // line shared between event loops.
    if (requestFailures.get() != 0) {
      requestFailures.set(0);
    }
  }

  /**
   * Counts a real request that failed through the backend's fault.
   *
   * @param threshold failures in a row that eject the backend; 0 turns passive ejection off
   * @return true if this failure took the backend out of rotation
   */
  public boolean requestFailed(FailureKind kind, int threshold) {
    if (threshold <= 0 || !kind.backendFault()) {
      return false;
    }
    int streak = requestFailures.incrementAndGet();
    if (streak < threshold) {
      return false;
    }
    synchronized (this) {
      requestFailures.set(0);
      if (!backend.health().up()) {
        return false;
      }
      passes = 0;
      ejectedPassively = true;
      return down(
          count(streak, "failed request") + " in a row, last: " + kind.label(),
          "until a health check passes");
    }
  }

  /**
   * Puts the backend back without a check: when active checks are turned off (nothing else would
   * ever bring it back) or a passive ejection's cool-off ends while they are off.
   */
  public synchronized void readmit(String reason) {
    failures = 0;
    passes = 0;
    ejectedPassively = false;
    up(reason);
  }

  /** Whether the backend is down because of failed requests rather than failed checks. */
  public synchronized boolean ejectedPassively() {
    return ejectedPassively && !backend.health().up();
  }

  /** The result of the latest active check, if there was one. */
  public synchronized Optional<ProbeResult> lastCheck() {
    return Optional.ofNullable(lastCheck);
  }

  private static String count(int n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }

  private void up(String reason) {
    ejectedPassively = false;
    if (backend.markUp(reason, clock.instant())) {
      log.info("Backend {} is UP: {}. It is back in rotation.", backend.address(), reason);
    }
  }

  private boolean down(String reason, String until) {
    if (backend.markDown(reason, clock.instant())) {
      log.warn(
          "Backend {} is DOWN: {}. It gets no new requests {}.", backend.address(), reason, until);
      return true;
    }
    return false;
  }
}
