package dev.roundhouse.operator.rollout;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How a revision's backends did in a round of checks, or over a whole gate.
 *
 * @param healthy backends that passed
 * @param required backends that must pass ({@code rollout.minHealthyBackends})
 * @param total the revision's backends
 * @param failing the last failed check of each backend that did not pass, in spec order
 */
public record GateVerdict(int healthy, int required, int total, List<ProbeOutcome> failing) {

  /** Copies the list. */
  public GateVerdict {
    failing = List.copyOf(failing);
  }

  /** Whether enough backends passed. */
  public boolean passed() {
    return healthy >= required;
  }

  /**
   * One line for a condition, an Event or a log: {@code 0 of 2 backends healthy (1 required):
   * http://a:80 connection refused; http://b:80 HTTP 503 on /health}.
   */
  public String describe() {
    String counts = healthy + " of " + total + " backends healthy (" + required + " required)";
    if (total == 0) {
      return counts + ": no backend to check (a service backend has no ready endpoint)";
    }
    return failing.isEmpty()
        ? counts
        : counts
            + ": "
            + failing.stream().map(ProbeOutcome::toString).collect(Collectors.joining("; "));
  }
}
