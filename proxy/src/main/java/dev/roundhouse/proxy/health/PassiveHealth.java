package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.TrafficObserver;

/**
 * Passive health: {@code healthcheck.passiveThreshold} requests in a row that fail through the
 * backend's fault ({@link FailureKind#backendFault()}: connection refused or reset, timeouts, bad
 * responses) take the backend out at once. Any response from it, whatever its status, ends the
 * streak. Backends no longer configured are ignored.
 */
final class PassiveHealth implements TrafficObserver {

  private final HealthChecker checker;

  PassiveHealth(HealthChecker checker) {
    this.checker = requireNonNull(checker, "checker");
  }

  @Override
  public void backendResponded(BackendState backend) {
    HealthTracker tracker = checker.tracker(backend);
    if (tracker != null) {
      tracker.requestSucceeded();
    }
  }

  @Override
  public void backendFailed(BackendState backend, FailureKind kind) {
    HealthTracker tracker = checker.tracker(backend);
    if (tracker != null && tracker.requestFailed(kind, checker.settings().passiveThreshold())) {
      checker.ejected(tracker);
    }
  }
}
