package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.operator.revision.SpecHistory;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get -o yaml --show-managed-fields} names who owns each field: the operator's
 * server-side applies must say it is this project's operator, not a framework default.
 */
class FieldManagerTest {

  @Test
  void theOperatorAppliesAsRoundhouseOperator() {
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
            .build()) {
      SpecHistory history = new SpecHistory(client);
      LoadBalancerReconciler reconciler =
          new LoadBalancerReconciler(
              "proxy:test",
              new StoredSpec(client),
              new RollbackHandler(client, history),
              history,
              new EventRecorder(client, "operator-0", Clock.systemUTC()),
              Clock.systemUTC());

      assertThat(new BaseConfigurationService().getConfigurationFor(reconciler).fieldManager())
          .isEqualTo("roundhouse-operator");
    }
  }
}
