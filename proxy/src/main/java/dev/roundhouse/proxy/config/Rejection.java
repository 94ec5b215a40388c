package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Violation;
import java.time.Instant;
import java.util.List;

/**
 * The last config the proxy refused, for {@code /status}: when, from where, and every problem.
 *
 * @param at when it was refused
 * @param origin where it came from
 * @param problems every problem, each with its path
 */
public record Rejection(Instant at, String origin, List<Violation> problems) {

  /** Checks the parts and copies the list. */
  public Rejection {
    requireNonNull(at, "at");
    requireNonNull(origin, "origin");
    problems = List.copyOf(problems);
  }
}
