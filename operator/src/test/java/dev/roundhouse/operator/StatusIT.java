package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The status follows the proxy Deployment. The mock server runs no Deployment controller, so the
 * tests play its part and write the Deployment's status.
 */
class StatusIT extends OperatorTestBase {

  @Test
  void readyPodsMakeTheLoadBalancerAvailable() {
    eventually(() -> assertThat(deployment()).isNotNull());
    eventually(() -> assertThat(condition("Progressing").getReason()).isEqualTo("RollingOut"));
    assertThat(condition("Available").getStatus()).isEqualTo("False");
    String acceptedSince = condition("Accepted").getLastTransitionTime();

    deploymentStatus(1, 1, 1);

    eventually(() -> assertThat(condition("Available").getStatus()).isEqualTo("True"));
    assertThat(condition("Available").getMessage()).isEqualTo("1 of 1 pods ready");
    assertThat(condition("Progressing").getStatus()).isEqualTo("False");
    assertThat(condition("Progressing").getReason()).isEqualTo("RolloutComplete");
    assertThat(status().getReplicas()).isEqualTo(1);
    assertThat(status().getReadyReplicas()).isEqualTo(1);
    assertThat(condition("Accepted").getLastTransitionTime()).isEqualTo(acceptedSince);

    // Scaling up: a rollout is under way until the new pod is ready. (Writing the Deployment
    // clears its status on the mock server, so the test reports the rollout again.)
    editSpec(s -> Specs.withReplicas(s, 2));
    eventually(() -> assertThat(deployment().getSpec().getReplicas()).isEqualTo(2));
    eventually(() -> assertThat(condition("Progressing").getReason()).isEqualTo("RollingOut"));
    String rollingSince = condition("Progressing").getLastTransitionTime();

    deploymentStatus(2, 1, 1);

    eventually(
        () ->
            assertThat(condition("Progressing").getMessage())
                .isEqualTo("1 of 2 pods updated, 1 ready"));
    assertThat(condition("Progressing").getLastTransitionTime()).isEqualTo(rollingSince);
    assertThat(condition("Available").getMessage()).isEqualTo("1 of 2 pods ready");

    deploymentStatus(2, 2, 2);

    eventually(() -> assertThat(condition("Progressing").getReason()).isEqualTo("RolloutComplete"));
    assertThat(status().getReadyReplicas()).isEqualTo(2);
    assertThat(condition("Accepted").getLastTransitionTime()).isEqualTo(acceptedSince);
  }

  @Test
  void noReadyPodTellsTheUserWhereToLook() {
    eventually(() -> assertThat(deployment()).isNotNull());
    deploymentStatus(1, 1, 0);

    eventually(() -> assertThat(condition("Available").getReason()).isEqualTo("NoReadyPods"));
    assertThat(condition("Available").getMessage())
        .isEqualTo(
            "none of the 1 pods is ready; see kubectl describe pods -l app.kubernetes.io/instance=web,app.kubernetes.io/name=roundhouse-proxy");
  }

  private void deploymentStatus(int replicas, int updated, int ready) {
    writeDeploymentStatus(
        s ->
            s.withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready));
  }
}
