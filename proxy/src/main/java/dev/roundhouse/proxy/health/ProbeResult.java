package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one active health check.
 *
 * @param ok whether the check passed: a 2xx or 3xx answer within the timeout
 * @param detail what happened, for logs and {@code /status}: {@code "HTTP 200"}, {@code "HTTP
 *     500"}, {@code "connection refused"}, {@code "timed out after 2s"}
 * @param at when the check started
 * @param took how long the check took
 */
public record ProbeResult(boolean ok, String detail, Instant at, Duration took) {

  /** Checks the parts. */
  public ProbeResult {
    requireNonNull(detail, "detail");
    requireNonNull(at, "at");
    requireNonNull(took, "took");
  }

  /** The {@code result} label of {@code roundhouse_health_checks_total}. */
  public String label() {
    return ok ? "success" : "failure";
  }
}
