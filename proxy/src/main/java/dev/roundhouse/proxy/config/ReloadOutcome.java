package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Violation;
import java.util.List;
import java.util.Locale;

/**
 * What became of one reload or rollback: the answer of {@code POST /admin/reload} and {@code POST
 * /admin/rollback}, and what {@link ReloadListener}s (metrics) hear.
 *
 * @param result what happened
 * @param revision the revision in force afterwards; 0 while none was ever accepted
 * @param previousRevision the revision in force before; 0 if none
 * @param origin where the config came from (the source, or {@code rollback})
 * @param problems why it was rejected, each with its path; empty unless {@link Result#REJECTED}
 * @param message one sentence for a human, also logged
 */
public record ReloadOutcome(
    Result result,
    long revision,
    long previousRevision,
    String origin,
    List<Violation> problems,
    String message) {

  /** What happened to a reload. */
  public enum Result {
    /** A new revision is in force. */
    ACCEPTED,
    /** The config equals the one in force (or a rollback is pinned); nothing changed. */
    UNCHANGED,
    /** The config is invalid, unreadable or could not be applied; the old one keeps serving. */
    REJECTED,
    /** An admin re-applied a kept revision. */
    ROLLED_BACK;

    /** The lowercase name: the {@code result} label of {@code roundhouse_config_reloads_total}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the parts and copies the list. */
  public ReloadOutcome {
    requireNonNull(result, "result");
    requireNonNull(origin, "origin");
    problems = List.copyOf(problems);
    requireNonNull(message, "message");
  }
}
