package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a pass that changes nothing costs. On a cluster most passes are started by the proxy
 * Deployment's status (every pod that starts, becomes ready or is replaced): with many resources an
 * operator that reads the API on each of them loads the API server for nothing.
 */
class IdlePassIT extends OperatorTestBase {

  @Test
  void aPassStartedByTheDeploymentsStatusMakesNoApiRequest() {
    // The pods come up, as the Deployment controller would report: a pass that changes the status.
    setDeploymentStatus("2026-01-01T00:00:00Z");
    eventually(() -> assertThat(status().getReadyReplicas()).isEqualTo(1));
    settle();
    ApiRequests requests = cluster.operatorRequests();
    int before = requests.count();
    double passesBefore = started();

    // Then only a condition's lastUpdateTime moves: nothing the LoadBalancer shows.
    for (int i = 1; i <= 3; i++) {
      double passes = started();
      setDeploymentStatus("2026-01-01T00:00:0" + i + "Z");
      eventually(() -> assertThat(started()).isGreaterThan(passes));
    }
    settle();

    assertThat(started() - passesBefore).isGreaterThanOrEqualTo(3);
    assertThat(requests.since(before)).as("API requests of the idle passes").isEmpty();
  }

  private void setDeploymentStatus(String lastUpdateTime) {
    DeploymentCondition available =
        new DeploymentConditionBuilder()
            .withType("Available")
            .withStatus("True")
            .withReason("MinimumReplicasAvailable")
            .withLastUpdateTime(lastUpdateTime)
            .withLastTransitionTime("2026-01-01T00:00:00Z")
            .build();
    writeDeploymentStatus(
        s ->
            s.withReplicas(1)
                .withUpdatedReplicas(1)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .withConditions(List.of(available)));
  }

  /**
   * Waits until no pass runs and the operator sent no request for two polls in a row: a pass that
   * an earlier change started is over.
   */
  private void settle() {
    AtomicInteger last = new AtomicInteger(-1);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              int now = cluster.operatorRequests().count();
              return last.getAndSet(now) == now && started() == reconciliations();
            });
  }

  private double started() {
    var counter = metrics.find("roundhouse.operator.reconciliations.started").counter();
    return counter == null ? 0 : counter.count();
  }
}
