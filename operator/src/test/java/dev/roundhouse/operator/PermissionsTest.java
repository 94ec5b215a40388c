package dev.roundhouse.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.operator.reconciler.LoadBalancerReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A dependent resource added to the workflow without its RBAC rule fails here, not in a cluster.
 */
class PermissionsTest {

  @Test
  void everyDependentKindCanBeWatchedCreatedAndUpdated() throws Exception {
    for (Dependent dependent :
        LoadBalancerReconciler.class.getAnnotation(Workflow.class).dependents()) {
      Class<? extends HasMetadata> type =
          ((KubernetesDependentResource<?, ?>)
                  dependent.type().getDeclaredConstructor().newInstance())
              .resourceType();
      String group = Optional.ofNullable(HasMetadata.getGroup(type)).orElse("");
      Optional<Permissions.Rule> rule =
          Permissions.RULES.stream()
              .filter(
                  r ->
                      r.apiGroup().equals(group)
                          && r.resource().equals(HasMetadata.getPlural(type)))
              .findFirst();

      assertThat(rule).as(type.getSimpleName() + " rule").isPresent();
      assertThat(rule.get().verbs())
          .as(type.getSimpleName())
          .containsAll(List.of("list", "watch", "create", "update", "patch"));
      // A dependent with a condition is deleted by the workflow when the condition turns false
      // (the PodDisruptionBudget when replicas drop to 1), not by the garbage collector.
      if (dependent.reconcilePrecondition() != Condition.class
          || dependent.activationCondition() != Condition.class) {
        assertThat(rule.get().verbs())
            .as(type.getSimpleName() + " (conditional)")
            .contains("delete");
      }
    }
  }

  @Test
  void theProxiesMayOnlyReadTheirConfigMap() {
    assertThat(Permissions.PROXY_CONFIGMAP_VERBS).containsExactly("get", "list", "watch");
    assertThat(
            Permissions.RULES.stream()
                .filter(r -> r.resource().equals("configmaps"))
                .findFirst()
                .orElseThrow()
                .verbs())
        .as("the operator holds what it grants the proxies")
        .containsAll(Permissions.PROXY_CONFIGMAP_VERBS);
  }
}
