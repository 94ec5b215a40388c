package dev.roundhouse.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.RolloutSettings;
import dev.roundhouse.operator.runtime.OperatorSettings;
import dev.roundhouse.operator.runtime.RoundhouseOperator;
import dev.roundhouse.operator.runtime.TolerantSerialization;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator against a real API server (k3s in a container), with server-side apply and leader
 * election on, as in a cluster, and with the rights the chart gives it: it authenticates as the
 * chart's own ServiceAccount (from the plain manifests, the chart's default rendering), bound to
 * the chart's ClusterRole and leader-election Role, never as the cluster admin that sets the test
 * up. The proxy image is not pulled here (the test checks the objects the operator writes, not
 * running pods).
 *
 * <p>Needs Docker. Without it, JUnit reports this class as skipped: "Docker is not available"
 * (Testcontainers' {@code disabledWithoutDocker}); the mock-server tests cover the same behaviour.
 */
@Testcontainers(disabledWithoutDocker = true)
class OperatorK3sE2E {

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  private static final String NAMESPACE = "roundhouse-e2e";

  /** The chart's default rendering: namespace, then the operator's objects. */
  private static final Path MANIFESTS = Path.of("..", "deployments", "kubernetes");

  /** The operator's namespace and ServiceAccount in the manifests. */
  private static final String OPERATOR_NAMESPACE = "roundhouse-system";

  private static final String OPERATOR_ACCOUNT = "roundhouse";

  /** Cluster admin: sets the test up and reads what the operator wrote. */
  private static KubernetesClient client;

  /** The operator's own client: the chart's ServiceAccount. */
  private static KubernetesClient operatorClient;

  private static RoundhouseOperator operator;
  private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

  @BeforeAll
  static void startOperator() throws Exception {
    Config admin = Config.fromKubeconfig(K3S.getKubeConfigYaml());
    client = new KubernetesClientBuilder().withConfig(admin).build();
    try (InputStream crd = Files.newInputStream(MockCluster.CRD)) {
      client.load(crd).serverSideApply();
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    applyChartRbac();
    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(asOperatorAccount(admin))
            .withKubernetesSerialization(new TolerantSerialization())
            .build();
    operator =
        new RoundhouseOperator(
            operatorClient,
            new OperatorSettings(
                Set.of(NAMESPACE),
                "ghcr.io/roundhouse-dev/proxy:e2e",
                true,
                // The Lease lives where the chart's leader-election Role allows it.
                OPERATOR_NAMESPACE,
                "e2e-operator",
                OperatorSettings.LeaseTiming.DEFAULT,
                true),
            METRICS,
            () -> {});
    operator.start();
  }

  /**
   * The namespace, ServiceAccount, ClusterRole(s), Role and bindings of the plain manifests: all
   * but the operator's Deployment and Service (the operator runs in this JVM instead).
   */
  private static void applyChartRbac() throws Exception {
    for (String file : List.of("00-namespace.yaml", "02-operator.yaml")) {
      try (InputStream in = Files.newInputStream(MANIFESTS.resolve(file))) {
        for (HasMetadata object : client.load(in).items()) {
          if (!Set.of("Deployment", "Service").contains(object.getKind())) {
            client.resource(object).forceConflicts().serverSideApply();
          }
        }
      }
    }
  }

  /**
   * The API server's address and CA of {@code admin}, authenticated with a token of the chart's
   * ServiceAccount and nothing else (no client certificate, which would authenticate as admin).
   */
  private static Config asOperatorAccount(Config admin) {
    String token =
        client
            .serviceAccounts()
            .inNamespace(OPERATOR_NAMESPACE)
            .withName(OPERATOR_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    return new ConfigBuilder()
        .withMasterUrl(admin.getMasterUrl())
        .withCaCertData(admin.getCaCertData())
        .withCaCertFile(admin.getCaCertFile())
        .withNamespace(NAMESPACE)
        .withOauthToken(token)
        .build();
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theExampleBecomesSevenObjectsAndABackendEditReachesOnlyTheConfigMap() throws Exception {
    LoadBalancer example;
    try (InputStream in = Files.newInputStream(MockCluster.EXAMPLE)) {
      example = client.getKubernetesSerialization().unmarshal(in, LoadBalancer.class);
    }
    example.getMetadata().setNamespace(NAMESPACE);
    // Its backends exist nowhere: the health gate would hold the edit below.
    example.setSpec(example.getSpec().withRollout(RolloutSettings.DISABLED));
    client.resource(example).create();

    eventually(() -> assertThat(currentRevision()).isEqualTo(1L));
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("web-config").get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web-proxy").get())
        .isNotNull();
    assertThat(client.services().inNamespace(NAMESPACE).withName("web-proxy").get()).isNotNull();
    assertThat(client.services().inNamespace(NAMESPACE).withName("web-admin").get()).isNotNull();
    assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName("web-proxy").get())
        .isNotNull();
    assertThat(client.rbac().roles().inNamespace(NAMESPACE).withName("web-proxy").get().getRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("web-config"));
    assertThat(client.rbac().roleBindings().inNamespace(NAMESPACE).withName("web-proxy").get())
        .isNotNull();
    PodTemplateSpec template =
        client
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withName("web-proxy")
            .get()
            .getSpec()
            .getTemplate();

    client
        .resources(LoadBalancer.class)
        .inNamespace(NAMESPACE)
        .withName("web")
        .edit(
            lb -> {
              lb.setSpec(Specs.withBackends(lb.getSpec(), "http://backend4:9004"));
              return lb;
            });

    eventually(() -> assertThat(currentRevision()).isEqualTo(2L));
    eventually(
        () ->
            assertThat(
                    client
                        .configMaps()
                        .inNamespace(NAMESPACE)
                        .withName("web-config")
                        .get()
                        .getData()
                        .get("config.yaml"))
                .contains("backend4"));
    // With server-side apply, defaults the API server fills in must not count as drift.
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("web-proxy")
                .get()
                .getSpec()
                .getTemplate())
        .isEqualTo(template);
  }

  /**
   * No rewrite loop on the server-side apply path: with the objects in place, forced passes (each
   * annotation edit of the resource is one) write nothing. Fields the API server fills in (a
   * Deployment's strategy defaults, a Service's clusterIP, a PDB's defaults) would be drift to a
   * comparison that does not know them, and every pass would write again.
   */
  @Test
  void forcedPassesWriteNothing() throws Exception {
    LoadBalancer example;
    try (InputStream in = Files.newInputStream(MockCluster.EXAMPLE)) {
      example = client.getKubernetesSerialization().unmarshal(in, LoadBalancer.class);
    }
    example.getMetadata().setName("steady");
    example.getMetadata().setNamespace(NAMESPACE);
    // Two replicas, so that the PodDisruptionBudget exists too.
    example.setSpec(Specs.withReplicas(example.getSpec(), 2));
    client.resource(example).create();
    eventually(() -> assertThat(versions("steady")).doesNotContainValue(null));

    // The Deployment and PDB controllers write their status for a while after creation (a new
    // ReplicaSet, pods that cannot pull the image): wait until nothing changes for 10 s.
    Map<String, String> settled = settledVersions("steady");
    for (int pass = 1; pass <= 3; pass++) {
      String poke = String.valueOf(pass);
      double before = reconciliations();
      client
          .resources(LoadBalancer.class)
          .inNamespace(NAMESPACE)
          .withName("steady")
          .edit(
              lb -> {
                lb.getMetadata().getAnnotations().put("e2e.roundhouse.dev/poke", poke);
                return lb;
              });
      eventually(() -> assertThat(reconciliations()).isGreaterThan(before));
    }

    assertThat(versions("steady")).isEqualTo(settled);
  }

  /** The resource versions of the objects a forced pass could rewrite, by kind. */
  private static Map<String, String> versions(String name) {
    Map<String, String> versions = new TreeMap<>();
    versions.put(
        "ConfigMap",
        version(client.configMaps().inNamespace(NAMESPACE).withName(name + "-config")));
    versions.put(
        "Deployment",
        version(client.apps().deployments().inNamespace(NAMESPACE).withName(name + "-proxy")));
    versions.put(
        "Service", version(client.services().inNamespace(NAMESPACE).withName(name + "-proxy")));
    versions.put(
        "AdminService",
        version(client.services().inNamespace(NAMESPACE).withName(name + "-admin")));
    versions.put(
        "PodDisruptionBudget",
        version(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(NAMESPACE)
                .withName(name + "-proxy")));
    return versions;
  }

  private static String version(Resource<? extends HasMetadata> resource) {
    HasMetadata object = resource.get();
    return object == null ? null : object.getMetadata().getResourceVersion();
  }

  private static Map<String, String> settledVersions(String name) {
    AtomicReference<Map<String, String>> last = new AtomicReference<>(versions(name));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollDelay(Duration.ofSeconds(10))
        .pollInterval(Duration.ofSeconds(10))
        .until(() -> last.getAndSet(versions(name)).equals(last.get()));
    return last.get();
  }

  private static double reconciliations() {
    var counter = METRICS.find("roundhouse.operator.reconciliations.success").counter();
    return counter == null ? 0 : counter.count();
  }

  private static Long currentRevision() {
    LoadBalancer lb =
        client.resources(LoadBalancer.class).inNamespace(NAMESPACE).withName("web").get();
    return lb == null || lb.getStatus() == null ? null : lb.getStatus().getCurrentRevision();
  }

  private static void eventually(Runnable assertion) {
    await().atMost(Duration.ofMinutes(2)).untilAsserted(assertion::run);
  }
}
