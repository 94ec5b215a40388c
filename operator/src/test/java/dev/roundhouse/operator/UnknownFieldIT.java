package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A LoadBalancer holding a field this operator's types do not have, as a CRD newer than the
 * operator allows: that resource is rejected on its own status and Events, nothing it runs is
 * touched, and every other resource keeps reconciling. The mock server, like a real one with a
 * newer CRD, stores the field as written.
 */
class UnknownFieldIT extends OperatorTestBase {

  @Test
  void anUnknownFieldStopsOnlyItsOwnResource() throws Exception {
    GenericKubernetesResource newer = exampleNamed("newer");
    spec(newer).put("backends", List.of(Map.of("url", "http://api:8080", "protocol", "h2c")));

    loadBalancers().resource(newer).create();

    eventually(() -> assertThat(accepted("newer").getReason()).isEqualTo("UnreadableSpec"));
    assertThat(accepted("newer").getStatus()).isEqualTo("False");
    assertThat(accepted("newer").getMessage())
        .startsWith("spec.backends[0].protocol: unknown field")
        .endsWith("; nothing is deployed until the spec is fixed");
    eventually(() -> assertThat(events("SpecUnreadable")).hasSize(1));
    assertThat(events("SpecUnreadable").get(0).getType()).isEqualTo("Warning");
    assertThat(events("SpecUnreadable").get(0).getInvolvedObject().getName()).isEqualTo("newer");
    assertThat(events("SpecUnreadable").get(0).getMessage())
        .contains("spec.backends[0].protocol: unknown field");
    assertThat(client.configMaps().withName("newer-config").get()).isNull();
    assertThat(client.apps().deployments().withName("newer-proxy").get()).isNull();

    // The other resource keeps reconciling.
    editSpec(s -> Specs.withBackends(s, "http://backend9:9009"));

    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    assertThat(configMap().getData().get("config.yaml")).contains("http://backend9:9009");
    assertThat(cluster.exits()).isEmpty();
  }

  @Test
  void anAcceptedResourceThatGainsAnUnknownFieldKeepsWhatRuns() {
    eventually(() -> assertThat(deployment()).isNotNull());
    Map<String, String> versions = ownedVersions();

    loadBalancers()
        .withName("web")
        .edit(
            lb -> {
              spec(lb).put("tls", Map.of("secretName", "web-cert"));
              return lb;
            });

    eventually(() -> assertThat(accepted("web").getReason()).isEqualTo("UnreadableSpec"));
    assertThat(accepted("web").getMessage())
        .startsWith("spec.tls: unknown field")
        .endsWith("; revision 1 stays in force");
    eventually(() -> assertThat(events("SpecUnreadable")).hasSize(1));
    assertThat(ownedVersions()).isEqualTo(versions);
    assertThat(revisionOfConfigMap()).isEqualTo("1");
    assertThat(cluster.exits()).isEmpty();
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      loadBalancers() {
    return client.genericKubernetesResources(
        LoadBalancer.GROUP + "/" + LoadBalancer.VERSION, "LoadBalancer");
  }

  private GenericKubernetesResource exampleNamed(String name) throws Exception {
    try (InputStream in = Files.newInputStream(MockCluster.EXAMPLE)) {
      GenericKubernetesResource lb =
          client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
      lb.getMetadata().setName(name);
      lb.getMetadata().setNamespace(MockCluster.NAMESPACE);
      return lb;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource lb) {
    return (Map<String, Object>) lb.getAdditionalProperties().get("spec");
  }

  /** The Accepted condition of {@code name}, read without the operator's types. */
  private Condition accepted(String name) {
    GenericKubernetesResource lb = loadBalancers().withName(name).get();
    Object raw = lb.getAdditionalProperties().get("status");
    assertThat(raw).as("status of " + name).isNotNull();
    LoadBalancerStatus status =
        client.getKubernetesSerialization().convertValue(raw, LoadBalancerStatus.class);
    return status.getConditions().stream()
        .filter(c -> "Accepted".equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Accepted condition in " + status));
  }
}
