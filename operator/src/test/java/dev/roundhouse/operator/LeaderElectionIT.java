package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.runtime.RoundhouseOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the operator against one API server: the Lease makes one of them the leader, and
 * only the leader reconciles. The mock server stores Leases like any other object in CRUD mode,
 * which is all leader election needs.
 */
class LeaderElectionIT {

  private MockCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = MockCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
    SimpleMeterRegistry firstMetrics = new SimpleMeterRegistry();
    SimpleMeterRegistry secondMetrics = new SimpleMeterRegistry();
    RoundhouseOperator first =
        cluster.startOperator(MockCluster.electing("replica-a"), firstMetrics);
    eventually(() -> assertThat(first.isLeader()).isTrue());
    RoundhouseOperator second =
        cluster.startOperator(MockCluster.electing("replica-b"), secondMetrics);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-a");

    cluster.client().resource(cluster.example()).create();

    eventually(() -> assertThat(currentRevision()).isEqualTo(1L));
    assertThat(reconciliations(firstMetrics)).isPositive();
    assertThat(second.isLeader()).isFalse();
    assertThat(reconciliations(secondMetrics)).isZero();

    first.stop();

    eventually(() -> assertThat(second.isLeader()).isTrue());
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-b");
    cluster.edit(
        "web",
        lb -> {
          lb.setSpec(Specs.withBackends(lb.getSpec(), "http://backend7:9007"));
          return lb;
        });
    eventually(() -> assertThat(currentRevision()).isEqualTo(2L));
    assertThat(reconciliations(secondMetrics)).isPositive();
  }

  private Lease lease() {
    return cluster
        .client()
        .leases()
        .inNamespace(MockCluster.NAMESPACE)
        .withName("roundhouse-operator-leader")
        .get();
  }

  private Long currentRevision() {
    LoadBalancer lb = cluster.client().resources(LoadBalancer.class).withName("web").get();
    return lb.getStatus() == null ? null : lb.getStatus().getCurrentRevision();
  }

  private static double reconciliations(SimpleMeterRegistry registry) {
    Counter counter = registry.find("roundhouse.operator.reconciliations.started").counter();
    return counter == null ? 0 : counter.count();
  }
}
