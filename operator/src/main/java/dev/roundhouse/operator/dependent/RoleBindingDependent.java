package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The RoleBinding {@code <name>-proxy}: gives the pods' ServiceAccount the Role. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class RoleBindingDependent extends OwnedResource<RoleBinding> {

  /** Created by the framework. */
  public RoleBindingDependent() {
    super(RoleBinding.class);
  }

  @Override
  protected RoleBinding desired(LoadBalancer lb, Context<LoadBalancer> context) {
    return new RoleBindingBuilder()
        .withMetadata(metadata(lb, Names.proxy(lb)))
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", Names.proxy(lb))
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(Names.proxy(lb))
        .withNamespace(lb.getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
