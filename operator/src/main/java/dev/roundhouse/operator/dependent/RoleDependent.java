package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.Permissions;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Role {@code <name>-proxy}: read access to the one ConfigMap {@code <name>-config}, by
 * resourceName, and nothing else. A proxy pod can read its own config, never another's, and can
 * change nothing.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class RoleDependent extends OwnedResource<Role> {

  /** Created by the framework. */
  public RoleDependent() {
    super(Role.class);
  }

  @Override
  protected Role desired(LoadBalancer lb, Context<LoadBalancer> context) {
    return new RoleBuilder()
        .withMetadata(metadata(lb, Names.proxy(lb)))
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(Names.configMap(lb))
                .withVerbs(Permissions.PROXY_CONFIGMAP_VERBS)
                .build())
        .build();
  }
}
