package dev.roundhouse.proxy.backend;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Whether a backend takes traffic, why, and since when.
 *
 * @param up whether the backend is in rotation
 * @param reason why it is in this state, for logs and {@code /status} (e.g. {@code "3 failed
 *     checks: connection refused"})
 * @param since when it entered this state
 */
public record Health(boolean up, String reason, Instant since) {

  /** Checks the parts. */
  public Health {
    requireNonNull(reason, "reason");
    requireNonNull(since, "since");
  }

  /** A backend starts healthy, as the design says, and is checked at once. */
  public static Health initial(Instant now) {
    return new Health(true, "starting: assumed healthy until checked", now);
  }
}
