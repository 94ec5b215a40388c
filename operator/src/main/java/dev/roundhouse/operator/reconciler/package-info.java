/**
 * The controller: {@link dev.roundhouse.operator.reconciler.LoadBalancerReconciler} and what it
 * needs to check a spec, carry out rollback requests, report status conditions and record Events.
 */
package dev.roundhouse.operator.reconciler;
