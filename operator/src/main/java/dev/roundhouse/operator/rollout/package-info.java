/**
 * Health checks the operator itself runs against a revision's backends: the gate a new revision
 * passes before the proxies get it ({@link dev.roundhouse.operator.rollout.HealthGate}) and the
 * watch after it went live ({@link dev.roundhouse.operator.rollout.LiveWatch}). Both run on their
 * own scheduler, never on a reconciliation thread, and tell the reconciler when they are done.
 */
package dev.roundhouse.operator.rollout;
