/**
 * The Roundhouse operator: {@link dev.roundhouse.operator.OperatorMain} runs it; {@link
 * dev.roundhouse.operator.Permissions} lists every API permission it uses. The controller is in
 * {@code reconciler}, the objects it owns in {@code dependent}, the revision history in {@code
 * revision}, and what runs it in {@code runtime}.
 */
package dev.roundhouse.operator;
