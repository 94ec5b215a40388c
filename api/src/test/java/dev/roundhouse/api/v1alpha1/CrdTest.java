package dev.roundhouse.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CRD generated from the Java types: committed, current, documented, constrained. */
class CrdTest {

  private static final String FILE = "loadbalancers.roundhouse.dev-v1.yml";
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
  private static final Path COMMITTED = Path.of("..", "crds", FILE);

  /** Fields whose schema comes from the Kubernetes model, documented upstream. */
  private static final Set<String> UPSTREAM_TYPES =
      Set.of(
          "spec.resources",
          "spec.affinity",
          "spec.tolerations",
          "spec.topologySpreadConstraints",
          "spec.imagePullSecrets",
          "status.conditions");

  @Test
  void committedCrdIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(COMMITTED))
        .as("crds/%s is out of date with the Java types: run `make crds` and commit it", FILE)
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void everySpecAndStatusFieldHasADescription() throws IOException {
    JsonNode schema = version().at("/schema/openAPIV3Schema/properties");
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("spec", schema.get("spec"), undocumented);
    collectUndocumented("status", schema.get("status"), undocumented);

    assertThat(undocumented).as("fields without a description").isEmpty();
  }

  @Test
  void namesScaleStatusAndPrinterColumns() throws IOException {
    JsonNode crd = crd();
    assertThat(crd.at("/spec/group").asText()).isEqualTo("roundhouse.dev");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("lb");
    assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("loadbalancers");

    JsonNode version = version();
    assertThat(version.at("/name").asText()).isEqualTo("v1alpha1");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    assertThat(version.at("/subresources/scale/specReplicasPath").asText())
        .isEqualTo(".spec.replicas");
    assertThat(version.at("/subresources/scale/statusReplicasPath").asText())
        .isEqualTo(".status.replicas");
    assertThat(version.at("/subresources/scale/labelSelectorPath").asText())
        .isEqualTo(".status.selector");
    List<String> columns = new ArrayList<>();
    version.get("additionalPrinterColumns").forEach(c -> columns.add(c.get("name").asText()));
    // kubectl shows them in this order, after NAME (the generator's own order is by JSON path).
    assertThat(columns).containsExactly("Replicas", "Ready", "Revision", "Age");
  }

  /** As the Kubernetes conventions ask: one condition per type, merged by type. */
  @Test
  void conditionsAreAMapListKeyedByType() throws IOException {
    JsonNode conditions =
        version().at("/schema/openAPIV3Schema/properties/status/properties/conditions");

    assertThat(conditions.at("/x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(conditions.get("x-kubernetes-list-map-keys"))
        .extracting(JsonNode::asText)
        .containsExactly("type");
    // A map list's keys must be required in every item.
    assertThat(conditions.at("/items/required")).extracting(JsonNode::asText).contains("type");
  }

  @Test
  void schemaCarriesWhatASchemaCanCheck() throws IOException {
    JsonNode spec = version().at("/schema/openAPIV3Schema/properties/spec");
    assertThat(spec.get("required")).extracting(JsonNode::asText).contains("frontends", "backends");
    JsonNode port = spec.at("/properties/frontends/items/properties/port");
    assertThat(port.get("minimum").asInt()).isEqualTo(1);
    assertThat(port.get("maximum").asInt()).isEqualTo(65535);
    assertThat(spec.at("/properties/frontends/minItems").asInt()).isEqualTo(1);
    assertThat(spec.at("/properties/backends/items/properties/weight/minimum").asInt())
        .isEqualTo(1);
    assertThat(spec.at("/properties/algorithm/enum"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            "round-robin",
            "weighted-round-robin",
            "least-connections",
            "least-response-time",
            "ip-hash",
            "random");
    assertThat(spec.at("/properties/healthcheck/properties/interval/pattern").asText())
        .isNotEmpty();
    // It names a Service port (a DNS label); and without a bound the API server would estimate
    // the CEL rule comparing names at megabytes per string and refuse the whole CRD.
    assertThat(spec.at("/properties/frontends/items/properties/name/maxLength").asInt())
        .isEqualTo(63);
    List<String> rules = new ArrayList<>();
    spec.get("x-kubernetes-validations").forEach(r -> rules.add(r.get("message").asText()));
    spec.at("/properties/healthcheck/x-kubernetes-validations")
        .forEach(r -> rules.add(r.get("message").asText()));
    spec.at("/properties/backends/items/x-kubernetes-validations")
        .forEach(r -> rules.add(r.get("message").asText()));
    assertThat(
            spec.at("/properties/backends/items/properties/service/properties/port")
                .get("x-kubernetes-int-or-string")
                .asBoolean())
        .isTrue();
    JsonNode tls = spec.at("/properties/frontends/items/properties/tls");
    tls.get("x-kubernetes-validations").forEach(r -> rules.add(r.get("message").asText()));
    tls.at("/properties/sni/items/x-kubernetes-validations")
        .forEach(r -> rules.add(r.get("message").asText()));
    assertThat(tls.at("/properties/minVersion/enum"))
        .extracting(JsonNode::asText)
        .containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(rules)
        .containsExactlyInAnyOrder(
            "redirectToHttps must name the port of a frontend with tls",
            SECRET_NOT_FILES,
            SECRET_NOT_FILES,
            "frontend ports must be distinct",
            "a backend is either a url or a service: exactly one of the two",
            "resolve applies to a url backend (a service backend is always per endpoint)",
            "resolveInterval needs resolve: all",
            "frontend names must be distinct",
            "metrics.port (default 9090) must differ from every frontend port",
            "healthcheck.timeout (default 2s) must be shorter than healthcheck.interval"
                + " (default 10s)");
    // The rules spell out the defaults of fields left out; they must be the records' defaults.
    assertThat(spec.at("/x-kubernetes-validations/2/rule").asText())
        .contains(": " + Metrics.DEFAULT_PORT + ")");
    assertThat(spec.at("/properties/healthcheck/x-kubernetes-validations/0/rule").asText())
        .contains("'" + GoDuration.format(HealthCheck.DEFAULTS.timeout()) + "'")
        .contains("'" + GoDuration.format(HealthCheck.DEFAULTS.interval()) + "'");
  }

  private static final String SECRET_NOT_FILES =
      "a LoadBalancer names its certificate by Secret (secretName); certificate and key are files,"
          + " for the proxy's own config file";

  private static void collectUndocumented(String path, JsonNode node, List<String> out) {
    if (UPSTREAM_TYPES.contains(path)) {
      return;
    }
    if (!path.equals("spec") && !path.equals("status") && !node.hasNonNull("description")) {
      out.add(path);
    }
    JsonNode properties =
        node.has("items") ? node.get("items").get("properties") : node.get("properties");
    if (properties == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      collectUndocumented(path + "." + field.getKey(), field.getValue(), out);
    }
  }

  private static JsonNode crd() throws IOException {
    return new YAMLMapper().readTree(GENERATED.toFile());
  }

  private static JsonNode version() throws IOException {
    return crd().at("/spec/versions/0");
  }
}
