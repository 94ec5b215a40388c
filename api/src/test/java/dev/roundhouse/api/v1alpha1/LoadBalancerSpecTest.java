package dev.roundhouse.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.LoadBalancerConfig;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadBalancerSpecTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  private static final String RESOURCE =
      """
      apiVersion: roundhouse.dev/v1alpha1
      kind: LoadBalancer
      metadata:
        name: web
        namespace: shop
      spec:
        frontends:
          - port: 8080
        backends:
          - url: http://web-1:9001
          - url: http://web-2:9002
            weight: 2
        algorithm: least-connections
        healthcheck:
          interval: 5s
          timeout: 1s
        replicas: 3
        service:
          type: NodePort
      """;

  @Test
  void resourceSpecIsTheConfigPlusHowPodsRun() {
    LoadBalancer lb = serialization.unmarshal(RESOURCE, LoadBalancer.class);

    LoadBalancerSpec spec = lb.getSpec();
    assertThat(spec.replicas()).isEqualTo(3);
    assertThat(spec.service().type()).isEqualTo(ServiceType.NODE_PORT);
    assertThat(spec.revisionHistoryLimit()).isEqualTo(10);

    LoadBalancerConfig config = spec.config();
    assertThat(config.algorithm()).isEqualTo(Algorithm.LEAST_CONNECTIONS);
    assertThat(config.backends())
        .containsExactly(new Backend("http://web-1:9001", 1), new Backend("http://web-2:9002", 2));
    assertThat(config.healthcheck().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.metrics().port()).isEqualTo(9090);
    assertThat(ConfigValidator.validate(config)).isEmpty();
  }

  @Test
  void specIsWrittenBackInTheSchemaTheCrdDeclares() {
    LoadBalancer lb = serialization.unmarshal(RESOURCE, LoadBalancer.class);

    String json = serialization.asJson(lb.getSpec());

    // Backends as objects (the CRD's form), durations as Go strings, enums by their config names.
    assertThat(json)
        .contains("\"backends\":[{\"url\":\"http://web-1:9001\",\"weight\":1}")
        .contains("\"interval\":\"5s\"")
        .contains("\"algorithm\":\"least-connections\"")
        .contains("\"type\":\"NodePort\"");
    assertThat(serialization.unmarshal(json, LoadBalancerSpec.class)).isEqualTo(lb.getSpec());
  }

  @Test
  void renderedConfigOfASpecReadsBackAsTheSameConfig() throws Exception {
    LoadBalancerConfig config =
        serialization.unmarshal(RESOURCE, LoadBalancer.class).getSpec().config();

    assertThat(ConfigCodec.read(ConfigCodec.write(config))).isEqualTo(config);
  }

  @Test
  void aFieldNeitherTheSpecNorTheConfigKnowsIsReportedWithItsPath() {
    String withTls = RESOURCE + "  tls: {secretName: cert}\n";

    assertThatThrownBy(() -> serialization.unmarshal(withTls, LoadBalancer.class))
        .hasMessageContaining("Unrecognized field \"tls\"")
        .hasMessageContaining("[\"spec\"]->dev.roundhouse.api.LoadBalancerConfig[\"tls\"]");
  }

  @Test
  void aBadValueOfTheSpecsOwnFieldsIsReportedWithItsPath() {
    String badReplicas = RESOURCE.replace("replicas: 3", "replicas: three");

    assertThatThrownBy(() -> serialization.unmarshal(badReplicas, LoadBalancer.class))
        .hasMessageContaining(
            "[\"spec\"]->dev.roundhouse.api.v1alpha1.LoadBalancerSpec[\"replicas\"]");
  }

  @Test
  void theConfigIsWrittenAtTheTopLevelOfTheSpec() {
    LoadBalancerSpec spec = serialization.unmarshal(RESOURCE, LoadBalancer.class).getSpec();

    assertThat(serialization.asJson(spec)).startsWith("{\"frontends\":").doesNotContain("config");
  }
}
