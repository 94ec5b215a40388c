package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

/** A rollback was asked for a revision the proxy does not have. Nothing changed. */
public final class RollbackException extends Exception {

  /** Why the rollback cannot happen; decides the HTTP status of {@code POST /admin/rollback}. */
  public enum Reason {
    /** {@code ?revision=K} names a revision that is not (or no longer) kept: 404. */
    UNKNOWN_REVISION,
    /** The revision in force is the oldest kept, or none was ever accepted: 409. */
    NOTHING_BEFORE
  }

  private final Reason reason;

  /** A refused rollback. */
  public RollbackException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  /** Why the rollback cannot happen. */
  public Reason reason() {
    return reason;
  }
}
