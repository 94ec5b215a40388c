package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.dependent.Names;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource under examples/ is one the API server and the operator accept: a LoadBalancer
 * passes the CRD's schema (fields, types, ranges, CEL rules, no unknown field) and the api/
 * validation the operator runs; anything else parses strictly into its fabric8 model.
 */
class ExampleResourcesTest {

  private static final CrdSchema CRD = CrdSchema.loadBalancers();

  /** Fields whose type is Kubernetes' own (the pod spec's), documented upstream. */
  private static final Set<String> KUBERNETES_TYPES =
      Set.of(
          "spec.resources",
          "spec.affinity",
          "spec.tolerations",
          "spec.topologySpreadConstraints",
          "spec.imagePullSecrets");

  static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(Repo.path("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyObjectIsOneTheClusterAndTheOperatorAccept(Path file) throws IOException {
    List<String> documents = HelmChart.documents(Files.readString(file));
    assertThat(documents).as(file + " holds no object").isNotEmpty();
    for (String doc : documents) {
      JsonNode tree = StrictModel.tree(doc);
      if ("LoadBalancer".equals(tree.path("kind").asText())) {
        assertValidLoadBalancer(file, doc);
      } else {
        KubernetesResource parsed = StrictModel.parse(doc);
        assertThat(parsed).as(file.toString()).isNotNull();
      }
    }
  }

  @Test
  void examplesGoFromBasicToEveryField() throws IOException {
    assertThat(exampleFiles())
        .extracting(f -> f.getFileName().toString())
        .contains(
            "loadbalancer-basic.yaml", "loadbalancer-weighted.yaml", "loadbalancer-full.yaml");
    JsonNode basic = StrictModel.tree(Repo.read("examples/loadbalancer-basic.yaml"));
    assertThat(fieldNames(basic.get("spec"))).containsExactly("frontends", "backends");
  }

  @Test
  void fullExampleSetsEveryFieldOfTheSpec() {
    JsonNode crd = StrictModel.tree(Repo.read("crds/loadbalancers.roundhouse.dev-v1.yml"));
    JsonNode specSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    JsonNode full = StrictModel.tree(Repo.read("examples/loadbalancer-full.yaml")).get("spec");

    List<String> missing = new ArrayList<>();
    collectMissing("spec", specSchema, full, missing);
    missing.removeAll(FILES_ONLY);

    assertThat(missing).as("spec fields loadbalancer-full.yaml leaves out").isEmpty();
  }

  /**
   * Fields of the shared schema that only the config file can use: a resource names certificates by
   * Secret, and the CRD's CEL rules refuse these paths.
   */
  private static final List<String> FILES_ONLY =
      List.of(
          "spec.frontends.tls.certificate",
          "spec.frontends.tls.key",
          "spec.frontends.tls.sni.certificate",
          "spec.frontends.tls.sni.key");

  @Test
  void demoBackendsRunTheExampleBackendOnThePortsTheDemoLoadBalancerNames() {
    List<String> urls = new ArrayList<>();
    StrictModel.tree(Repo.read("examples/loadbalancer-demo.yaml"))
        .at("/spec/backends")
        .forEach(b -> urls.add(b.get("url").asText()));

    List<String> served = new ArrayList<>();
    for (String doc : HelmChart.documents(Repo.read("examples/demo-backends.yaml"))) {
      if (StrictModel.parse(doc) instanceof Deployment deployment) {
        List<String> args =
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        String port = args.stream().filter(a -> a.startsWith("-port=")).findFirst().orElseThrow();
        served.add("http://" + deployment.getMetadata().getName() + ":" + port.substring(6));
      }
    }
    assertThat(served).containsExactlyInAnyOrderElementsOf(urls);
  }

  // The validator must be able to say no, or the tests above prove nothing.

  @Test
  void anUnknownFieldIsRejected() {
    ObjectNode lb = basic();
    ((ObjectNode) lb.get("spec")).putArray("backend").addObject().put("url", "http://x:1");
    ((ObjectNode) lb.at("/spec/frontends/0")).put("prot", 8081);

    assertThat(CRD.problems(lb))
        .anySatisfy(p -> assertThat(p).contains("backend"))
        .anySatisfy(p -> assertThat(p).contains("prot"));
  }

  @Test
  void outOfRangeValuesWrongTypesAndBadDurationsAreRejected() {
    ObjectNode lb = basic();
    ((ObjectNode) lb.at("/spec/frontends/0")).put("port", 70000);
    ((ObjectNode) lb.get("spec")).put("algorithm", "fastest");
    ((ObjectNode) lb.get("spec")).put("retries", "two");
    ((ObjectNode) lb.get("spec")).putObject("healthcheck").put("interval", "10 seconds");

    assertThat(CRD.problems(lb))
        .anySatisfy(p -> assertThat(p).contains("/spec/frontends/0/port"))
        .anySatisfy(p -> assertThat(p).contains("/spec/algorithm"))
        .anySatisfy(p -> assertThat(p).contains("/spec/retries"))
        .anySatisfy(p -> assertThat(p).contains("/spec/healthcheck/interval"));
  }

  @Test
  void theCrdsCelRulesAreEnforced() {
    ObjectNode lb = basic();
    ((ObjectNode) lb.get("spec")).putArray("frontends").add(port(8080)).add(port(8080));
    ((ObjectNode) lb.get("spec")).putObject("metrics").put("port", 8080);
    ((ObjectNode) lb.get("spec"))
        .putObject("healthcheck")
        .put("interval", "1s")
        .put("timeout", "1500ms");

    assertThat(CRD.problems(lb))
        .containsExactlyInAnyOrder(
            "spec: frontend ports must be distinct",
            "spec: metrics.port (default 9090) must differ from every frontend port",
            "spec.healthcheck: healthcheck.timeout (default 2s) must be shorter than"
                + " healthcheck.interval (default 10s)");
  }

  @Test
  void aBackendIsAUrlOrAServiceAndOnlyAUrlResolves() {
    ObjectNode lb = basic();
    ObjectNode both = url("http://web:80");
    both.putObject("service").put("name", "web").put("port", "http");
    ObjectNode neither = JsonNodeFactory.instance.objectNode().put("weight", 2);
    ObjectNode serviceResolving = JsonNodeFactory.instance.objectNode().put("resolve", "all");
    serviceResolving.putObject("service").put("name", "web").put("port", 8080);
    ObjectNode intervalAlone = url("http://web:80").put("resolveInterval", "1s");
    ((ObjectNode) lb.get("spec"))
        .putArray("backends")
        .add(both)
        .add(neither)
        .add(serviceResolving)
        .add(intervalAlone);

    assertThat(CRD.problems(lb))
        .containsExactlyInAnyOrder(
            "spec.backends[0]: a backend is either a url or a service: exactly one of the two",
            "spec.backends[1]: a backend is either a url or a service: exactly one of the two",
            "spec.backends[2]: resolve applies to a url backend (a service backend is always per"
                + " endpoint)",
            "spec.backends[3]: resolveInterval needs resolve: all");
    assertThat(operatorProblems(lb.toString()))
        .extracting(Violation::path)
        .containsExactly(
            "backends[0]", "backends[1]", "backends[2].resolve", "backends[3].resolveInterval");
  }

  @Test
  void anExternalTrafficPolicyNeedsAServiceReachableFromOutside() {
    ObjectNode lb = basic();
    ObjectNode service = ((ObjectNode) lb.get("spec")).putObject("service");
    service.put("externalTrafficPolicy", "Local");

    assertThat(CRD.problems(lb))
        .containsExactly("spec.service: externalTrafficPolicy needs type NodePort or LoadBalancer");

    service.put("type", "LoadBalancer");
    assertThat(CRD.problems(lb)).isEmpty();
  }

  /**
   * A field left out has its default: a timeout above the default interval, or a frontend on the
   * default metrics port, is as wrong as one written out, and kubectl apply must say so.
   */
  @Test
  void theCrdsCelRulesKnowTheDefaults() {
    ObjectNode lb = basic();
    ((ObjectNode) lb.get("spec")).putArray("frontends").add(port(8080)).add(port(9090));
    ((ObjectNode) lb.get("spec")).putObject("healthcheck").put("timeout", "15s");

    assertThat(CRD.problems(lb))
        .containsExactlyInAnyOrder(
            "spec: metrics.port (default 9090) must differ from every frontend port",
            "spec.healthcheck: healthcheck.timeout (default 2s) must be shorter than"
                + " healthcheck.interval (default 10s)");
    assertThat(operatorProblems(lb.toString()))
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("metrics.port", "healthcheck.timeout");

    ((ObjectNode) lb.get("spec")).putArray("frontends").add(port(8080));
    ((ObjectNode) lb.get("spec")).putObject("healthcheck").put("interval", "1s");
    assertThat(CRD.problems(lb))
        .containsExactly(
            "spec.healthcheck: healthcheck.timeout (default 2s) must be shorter than"
                + " healthcheck.interval (default 10s)");
  }

  @Test
  void frontendNamesMustBeDistinct() {
    ObjectNode lb = basic();
    ((ObjectNode) lb.get("spec"))
        .putArray("frontends")
        .add(port(8080).put("name", "web"))
        .add(port(8081).put("name", "web"))
        .add(port(8082));

    assertThat(CRD.problems(lb)).containsExactly("spec: frontend names must be distinct");
    assertThat(operatorProblems(lb.toString()))
        .extracting(Violation::path)
        .containsExactly("frontends[1].name");
  }

  @Test
  void whatOnlyTheOperatorCatchesIsCaughtByTheApiValidation() throws IOException {
    ObjectNode lb = basic();
    ((ObjectNode) lb.get("spec"))
        .putArray("backends")
        .add(url("http://web-1:9001"))
        .add(url("http://WEB-1:9001/"));

    assertThat(CRD.problems(lb)).as("a schema cannot see this").isEmpty();
    assertThat(operatorProblems(lb.toString()))
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("backends[1]"));
  }

  @Test
  void strictParsingRejectsAFieldTheModelDoesNotKnow() {
    String typo =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selectr: {app: web}
          ports: [{port: 80}]
        """;
    assertThatThrownBy(() -> StrictModel.parse(typo)).hasMessageContaining("selectr");
  }

  private static void assertValidLoadBalancer(Path file, String doc) {
    assertThat(CRD.problems(StrictModel.tree(doc)))
        .as("%s: what the API server would reject", file)
        .isEmpty();
    assertThat(operatorProblems(doc)).as("%s: what the operator would reject", file).isEmpty();
  }

  private static List<Violation> operatorProblems(String doc) {
    LoadBalancer lb = StrictModel.parse(doc, LoadBalancer.class);
    List<Violation> problems = new ArrayList<>(ConfigValidator.validate(lb.getSpec().config()));
    // The operator's own rule (docs/operator.md, "Names"): <name>-proxy must be a valid name.
    String name = lb.getMetadata().getName();
    if (!name.matches("[a-z]([-a-z0-9]*[a-z0-9])?") || name.length() > Names.MAX_NAME_LENGTH) {
      problems.add(
          new Violation(
              "metadata.name", name + " is not a DNS label of at most " + Names.MAX_NAME_LENGTH));
    }
    return problems;
  }

  /** Schema fields (below spec) absent from the example; arrays count if any item has the field. */
  private static void collectMissing(
      String path, JsonNode schema, JsonNode value, List<String> missing) {
    if (KUBERNETES_TYPES.contains(path)) {
      return; // Kubernetes' own types: the example sets them, not every field of theirs
    }
    JsonNode items = schema.get("items");
    JsonNode properties = items != null ? items.get("properties") : schema.get("properties");
    if (properties == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path + "." + field.getKey();
      List<JsonNode> present = new ArrayList<>();
      if (items != null) {
        value.forEach(item -> present.add(item.get(field.getKey())));
        present.removeIf(v -> v == null);
      } else if (value.has(field.getKey())) {
        present.add(value.get(field.getKey()));
      }
      if (present.isEmpty()) {
        missing.add(child);
      } else {
        collectMissing(child, field.getValue(), present.get(0), missing);
      }
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static ObjectNode basic() {
    return (ObjectNode) StrictModel.tree(Repo.read("examples/loadbalancer-basic.yaml"));
  }

  private static ObjectNode port(int port) {
    return JsonNodeFactory.instance.objectNode().put("port", port);
  }

  private static ObjectNode url(String url) {
    return JsonNodeFactory.instance.objectNode().put("url", url);
  }
}
