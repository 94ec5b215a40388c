package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The PodDisruptionBudget {@code <name>-proxy}: a voluntary disruption (a node drain) takes at most
 * one proxy pod at a time. It exists only while there is more than one replica (see {@link
 * MoreThanOneReplica}); with one, it would block every drain. Pods that are not ready can always be
 * evicted ({@code unhealthyPodEvictionPolicy: AlwaysAllow}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class PodDisruptionBudgetDependent extends OwnedResource<PodDisruptionBudget> {

  /** Created by the framework. */
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(LoadBalancer lb, Context<LoadBalancer> context) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(lb, Names.proxy(lb)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        // A pod that is not ready (crash-looping, stuck starting) may be evicted even while the
        // budget is spent: it serves nothing, and keeping it would block every drain of its node.
        .withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .withNewSelector()
        .withMatchLabels(Names.selector(lb))
        .endSelector()
        .endSpec()
        .build();
  }
}
