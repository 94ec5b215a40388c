package dev.roundhouse.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolloutSettingsTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  private static RolloutSettings min(Object value) {
    IntOrString v =
        value instanceof Integer i ? new IntOrString(i) : new IntOrString((String) value);
    return new RolloutSettings(null, v, null, null, null);
  }

  @Test
  void aSpecWithoutRolloutHasTheDocumentedDefaults() {
    LoadBalancerSpec spec =
        serialization.unmarshal(
            """
            frontends: [{port: 8080}]
            backends: [{url: "http://a:1"}]
            """,
            LoadBalancerSpec.class);

    RolloutSettings rollout = spec.rollout();
    assertThat(rollout.enabled()).isTrue();
    assertThat(rollout.requiredHealthy(3)).isEqualTo(1);
    assertThat(rollout.gateTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rollout.watchWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(rollout.unhealthyThreshold()).isEqualTo(3);
  }

  @Test
  void rolloutIsReadFromTheSpecBesideTheConfig() {
    LoadBalancerSpec spec =
        serialization.unmarshal(
            """
            frontends: [{port: 8080}]
            backends: [{url: "http://a:1"}]
            rollout: {enabled: false, minHealthyBackends: "50%", gateTimeout: 5s,
                      watchWindow: 1m30s, unhealthyThreshold: 2}
            """,
            LoadBalancerSpec.class);

    assertThat(spec.rollout())
        .isEqualTo(
            new RolloutSettings(
                false, new IntOrString("50%"), Duration.ofSeconds(5), Duration.ofSeconds(90), 2));
    assertThat(spec.config().backends()).hasSize(1);
  }

  @Test
  void aPercentageIsRoundedUpAndANumberIsCappedAtTheBackends() {
    assertThat(min("50%").requiredHealthy(3)).isEqualTo(2);
    assertThat(min("100%").requiredHealthy(4)).isEqualTo(4);
    assertThat(min("1%").requiredHealthy(4)).isEqualTo(1);
    assertThat(min(5).requiredHealthy(2)).isEqualTo(2);
    assertThat(min(2).requiredHealthy(3)).isEqualTo(2);
  }

  @Test
  void aMinimumThatIsNoNumberFromOneNorAPercentageIsAProblem() {
    assertThat(min(1).minHealthyProblem()).isEmpty();
    assertThat(min("100%").minHealthyProblem()).isEmpty();
    assertThat(min(0).minHealthyProblem()).contains("0 is less than 1");
    assertThat(min("0%").minHealthyProblem()).contains("0% is not a percentage from 1% to 100%");
    assertThat(min("101%").minHealthyProblem()).isPresent();
    assertThat(min("half").minHealthyProblem())
        .contains("\"half\" is neither a number nor a percentage such as \"50%\"");
  }
}
