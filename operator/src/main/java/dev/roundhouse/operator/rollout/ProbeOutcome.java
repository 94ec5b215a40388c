package dev.roundhouse.operator.rollout;

import static java.util.Objects.requireNonNull;

/**
 * The result of one health check of one backend by the operator.
 *
 * @param backend the backend's address, {@code scheme://host:port}
 * @param healthy whether it answered 2xx or 3xx within the health check's timeout
 * @param detail what happened: {@code HTTP 200}, {@code connection refused}, {@code timed out after
 *     2s}...
 */
public record ProbeOutcome(String backend, boolean healthy, String detail) {

  /** Checks the parts are present. */
  public ProbeOutcome {
    requireNonNull(backend, "backend");
    requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return backend + " " + detail;
  }
}
