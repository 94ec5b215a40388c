package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.Permissions;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.List;

/**
 * The Role {@code <name>-proxy}: read access to the one ConfigMap {@code <name>-config}, by
 * resourceName, and, only while the spec has a {@code service} backend, read access to the
 * EndpointSlices of the namespace (their names are generated, so no resourceName can narrow it).
 * Nothing else: a proxy pod can read its own config, never another's, and can change nothing.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class RoleDependent extends OwnedResource<Role> {

  /** Created by the framework. */
  public RoleDependent() {
    super(Role.class);
  }

  @Override
  protected Role desired(LoadBalancer lb, Context<LoadBalancer> context) {
    List<PolicyRule> rules = new ArrayList<>();
    rules.add(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("configmaps")
            .withResourceNames(Names.configMap(lb))
            .withVerbs(Permissions.PROXY_CONFIGMAP_VERBS)
            .build());
    if (readsEndpoints(lb)) {
      rules.add(
          new PolicyRuleBuilder()
              .withApiGroups("discovery.k8s.io")
              .withResources("endpointslices")
              .withVerbs(Permissions.PROXY_ENDPOINTSLICE_VERBS)
              .build());
    }
    return new RoleBuilder().withMetadata(metadata(lb, Names.proxy(lb))).withRules(rules).build();
  }

  /** Whether the proxies balance over a Service's endpoints, which they read from the API. */
  static boolean readsEndpoints(LoadBalancer lb) {
    List<Backend> backends = lb.getSpec().config().backends();
    return backends != null && backends.stream().anyMatch(b -> b != null && b.service() != null);
  }
}
