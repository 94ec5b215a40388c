package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

/**
 * What came of a {@code roundhouse.dev/rollback-to} request; it becomes the {@code Rollback}
 * condition.
 *
 * @param succeeded whether the requested revision's spec was restored
 * @param reason the condition's reason
 * @param message what happened, for a human
 */
record RollbackOutcome(boolean succeeded, String reason, String message) {

  RollbackOutcome {
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
  }
}
