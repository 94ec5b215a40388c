package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ServiceAccount {@code <name>-proxy} the proxy pods run as; the Role binds to it. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class ServiceAccountDependent extends OwnedResource<ServiceAccount> {

  /** Created by the framework. */
  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(LoadBalancer lb, Context<LoadBalancer> context) {
    return new ServiceAccountBuilder().withMetadata(metadata(lb, Names.proxy(lb))).build();
  }
}
