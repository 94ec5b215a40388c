package dev.roundhouse.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.runtime.OperatorSettings;
import dev.roundhouse.operator.runtime.RoundhouseOperator;
import dev.roundhouse.operator.runtime.TolerantSerialization;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator against a real API server (k3s in a container), with server-side apply and leader
 * election on, as in a cluster. The proxy image is not pulled here (the test checks the objects the
 * operator writes, not running pods).
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

  private static KubernetesClient client;
  private static RoundhouseOperator operator;

  @BeforeAll
  static void startOperator() throws Exception {
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .withKubernetesSerialization(new TolerantSerialization())
            .build();
    try (InputStream crd = Files.newInputStream(MockCluster.CRD)) {
      client.load(crd).serverSideApply();
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    operator =
        new RoundhouseOperator(
            client,
            new OperatorSettings(
                Set.of(NAMESPACE),
                "ghcr.io/roundhouse-dev/proxy:e2e",
                true,
                NAMESPACE,
                "e2e-operator",
                OperatorSettings.LeaseTiming.DEFAULT,
                true),
            new SimpleMeterRegistry(),
            () -> {});
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theExampleBecomesSixObjectsAndABackendEditReachesOnlyTheConfigMap() throws Exception {
    LoadBalancer example;
    try (InputStream in = Files.newInputStream(MockCluster.EXAMPLE)) {
      example = client.getKubernetesSerialization().unmarshal(in, LoadBalancer.class);
    }
    example.getMetadata().setNamespace(NAMESPACE);
    client.resource(example).create();

    eventually(() -> assertThat(currentRevision()).isEqualTo(1L));
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("web-config").get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web-proxy").get())
        .isNotNull();
    assertThat(client.services().inNamespace(NAMESPACE).withName("web-proxy").get()).isNotNull();
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

  private static Long currentRevision() {
    LoadBalancer lb =
        client.resources(LoadBalancer.class).inNamespace(NAMESPACE).withName("web").get();
    return lb == null || lb.getStatus() == null ? null : lb.getStatus().getCurrentRevision();
  }

  private static void eventually(Runnable assertion) {
    await().atMost(Duration.ofMinutes(2)).untilAsserted(assertion::run);
  }
}
