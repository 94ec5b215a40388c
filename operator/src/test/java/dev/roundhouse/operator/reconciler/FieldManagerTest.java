package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.operator.revision.SpecHistory;
import dev.roundhouse.operator.rollout.BackendProbes;
import dev.roundhouse.operator.rollout.RolloutMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
      EventRecorder events = new EventRecorder(client, "operator-0", Clock.systemUTC());
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      LoadBalancerReconciler reconciler =
          new LoadBalancerReconciler(
              "proxy:test",
              new StoredSpec(client),
              new RollbackHandler(client, history),
              history,
              events,
              new RolloutDecider(
                  client,
                  history,
                  events,
                  new RolloutMetrics(new SimpleMeterRegistry()),
                  BackendProbes.create(),
                  scheduler,
                  id -> {},
                  Clock.systemUTC()),
              new SimpleInboundEventSource<>(),
              Clock.systemUTC());
      scheduler.shutdown();

      assertThat(new BaseConfigurationService().getConfigurationFor(reconciler).fieldManager())
          .isEqualTo("roundhouse-operator");
    }
  }
}
