package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusComposerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  private static LoadBalancer lb(int replicas) {
    LoadBalancer lb = new LoadBalancer();
    lb.setMetadata(
        new ObjectMetaBuilder().withName("web").withNamespace("ns").withGeneration(4L).build());
    lb.setSpec(
        new LoadBalancerSpec(
            LoadBalancerConfig.of(
                List.of(Frontend.onPort(8080)), List.of(Backend.of("http://a:1"))),
            replicas,
            null,
            null,
            null,
            null));
    return lb;
  }

  private static Deployment deployment(int wanted, Integer ready, String stalledReason) {
    DeploymentBuilder builder =
        new DeploymentBuilder()
            .withNewMetadata()
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(wanted)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(2L)
            .withReplicas(wanted)
            .withUpdatedReplicas(wanted)
            .withReadyReplicas(ready)
            .endStatus();
    if (stalledReason != null) {
      builder
          .editStatus()
          .addNewCondition()
          .withType("Progressing")
          .withStatus("False")
          .withReason(stalledReason)
          .withMessage("ReplicaSet \"web-proxy-1\" has timed out progressing.")
          .endCondition()
          .endStatus();
    }
    return builder.build();
  }

  private static Condition condition(LoadBalancerStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void aStalledRolloutIsReportedWithTheDeploymentsReasonAndWhereToLook() {
    LoadBalancerStatus status =
        new StatusComposer(lb(2), Optional.of(deployment(2, 1, "ProgressDeadlineExceeded")), NOW)
            .accepted(3, RolloutStep.live(3, false), Optional.empty());

    Condition progressing = condition(status, "Progressing");
    assertThat(progressing.getStatus()).isEqualTo("False");
    assertThat(progressing.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(progressing.getMessage())
        .isEqualTo(
            "ReplicaSet \"web-proxy-1\" has timed out progressing. (2 of 2 pods updated, 1 ready;"
                + " see kubectl describe pods -l app.kubernetes.io/instance=web,app.kubernetes.io/name=roundhouse-proxy)");
    assertThat(condition(status, "Available").getStatus()).isEqualTo("True");
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getCurrentRevision()).isEqualTo(3L);
  }

  @Test
  void zeroReplicasIsNotAvailableAndSaysWhy() {
    LoadBalancerStatus status =
        new StatusComposer(lb(0), Optional.of(deployment(0, null, null)), NOW)
            .accepted(1, RolloutStep.live(1, false), Optional.empty());

    assertThat(condition(status, "Available").getReason()).isEqualTo("ScaledToZero");
    assertThat(condition(status, "Progressing").getReason()).isEqualTo("RolloutComplete");
    assertThat(status.getReadyReplicas()).isZero();
  }

  @Test
  void aRejectedSpecKeepsTheRevisionInForceAndTheRollout() {
    LoadBalancer lb = lb(1);
    LoadBalancerStatus previous =
        new StatusComposer(lb, Optional.of(deployment(1, 1, null)), NOW)
            .accepted(2, RolloutStep.live(2, false), Optional.empty());
    lb.setStatus(previous);

    LoadBalancerStatus status =
        new StatusComposer(lb, Optional.of(deployment(1, 1, null)), NOW.plusSeconds(60))
            .rejected(
                List.of(new Violation("spec.retries", "11 is out of range 0..10")),
                Optional.empty());

    assertThat(status.getCurrentRevision()).isEqualTo(2L);
    assertThat(condition(status, "Accepted").getMessage())
        .isEqualTo("spec.retries: 11 is out of range 0..10; revision 2 stays in force");
    assertThat(condition(status, "Available")).isEqualTo(condition(previous, "Available"));
  }

  @Test
  void aHeldRevisionLeavesTheOneInForceAndSaysWhyInProgressing() {
    RolloutStep held =
        new RolloutStep(
            2,
            Optional.empty(),
            Optional.of(
                new RolloutStep.Flag(
                    false, "RevisionFailedHealthGate", "revision 3 is held: 0 of 1 healthy")),
            Optional.empty(),
            false,
            false);

    LoadBalancerStatus status =
        new StatusComposer(lb(1), Optional.of(deployment(1, 1, null)), NOW)
            .accepted(3, held, Optional.empty());

    assertThat(status.getCurrentRevision()).isEqualTo(2L);
    assertThat(status.getDesiredRevision()).isEqualTo(3L);
    assertThat(condition(status, "Progressing").getReason()).isEqualTo("RevisionFailedHealthGate");
    assertThat(condition(status, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Accepted").getMessage())
        .isEqualTo("the spec is valid (revision 3); revision 2 is in force");
  }

  @Test
  void aRolledBackConditionStaysUntilTheDesiredRevisionIsLive() {
    LoadBalancer lb = lb(1);
    RolloutStep rolledBack =
        new RolloutStep(
            2,
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                new RolloutStep.Flag(true, "RevisionFailedAfterRollout", "revision 3 failed")),
            false,
            false);
    lb.setStatus(
        new StatusComposer(lb, Optional.of(deployment(1, 1, null)), NOW)
            .accepted(3, rolledBack, Optional.empty()));
    assertThat(condition(lb.getStatus(), "RolledBack").getStatus()).isEqualTo("True");

    LoadBalancerStatus live =
        new StatusComposer(lb, Optional.of(deployment(1, 1, null)), NOW)
            .accepted(4, RolloutStep.live(4, false), Optional.empty());

    assertThat(Conditions.find(live.getConditions(), "RolledBack")).isEmpty();
    assertThat(live.getCurrentRevision()).isEqualTo(4L);
  }

  @Test
  void aFailedPassIsReportedAndRetried() {
    LoadBalancer lb = lb(1);
    lb.setStatus(
        new StatusComposer(lb, Optional.empty(), NOW)
            .accepted(1, RolloutStep.live(1, false), Optional.empty()));

    LoadBalancerStatus status =
        new StatusComposer(lb, Optional.empty(), NOW)
            .failed(new IllegalStateException("conflict writing web-proxy"));

    assertThat(condition(status, "Progressing").getReason()).isEqualTo("ReconcileError");
    assertThat(condition(status, "Progressing").getMessage())
        .isEqualTo("conflict writing web-proxy (retrying)");
    assertThat(condition(status, "Accepted").getStatus()).isEqualTo("True");
  }
}
