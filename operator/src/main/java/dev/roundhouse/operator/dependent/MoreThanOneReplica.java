package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The reconcile precondition of the PodDisruptionBudget: it is wanted only with more than one
 * replica. When this turns false the workflow deletes the budget.
 */
public class MoreThanOneReplica implements Condition<PodDisruptionBudget, LoadBalancer> {

  @Override
  public boolean isMet(
      DependentResource<PodDisruptionBudget, LoadBalancer> dependent,
      LoadBalancer lb,
      Context<LoadBalancer> context) {
    return lb.getSpec().replicas() > 1;
  }
}
