package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.backend.testing.FreePorts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end with no cluster: the operator against the mock API server, a real proxy process
 * started exactly as the operator's Deployment starts it (its args and environment, with the API
 * server's address in place of the in-cluster one), and real backends on loopback.
 *
 * <p>It needs the proxy's {@code --configmap} mode (issue 5): until the proxy jar is built and
 * offers it, the test is skipped and says so.
 */
class ProxyFromOperatorIT {

  private MockCluster cluster;
  private final List<HttpServer> backends = new ArrayList<>();
  private Process proxy;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        DeployedProxy.available(),
        "the proxy's --configmap mode (issue 5) is not built yet: "
            + DeployedProxy.PROXY_JAR
            + " missing or without it");
    cluster = MockCluster.start();
    cluster.startOperator();
  }

  @AfterEach
  void stop() throws InterruptedException {
    DeployedProxy.stop(proxy);
    backends.forEach(b -> b.stop(0));
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void trafficFollowsTheResourceThroughItsRevisions() throws Exception {
    String a = backend("a");
    String b = backend("b");
    String c = backend("c");
    int port = FreePorts.next();
    int metricsPort = FreePorts.next();
    Deployment deployment =
        create(
            LoadBalancerConfig.builder()
                .frontends(List.of(Frontend.onPort(port)))
                .backends(List.of(Backend.of(a), Backend.of(b)))
                .healthcheck(
                    new HealthCheck(
                        null,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        "/health",
                        null,
                        null,
                        null))
                .metrics(new Metrics(true, metricsPort))
                .build());

    proxy = startAsDeployed(deployment);
    // As the kubelet does: no traffic before the readiness probe passes (the JVM takes a moment).
    await().atMost(Duration.ofSeconds(30)).until(() -> ready(metricsPort));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(servedBy(port, 20)).containsExactlyInAnyOrder("a", "b"));

    cluster.edit(
        "web",
        r -> {
          r.setSpec(Specs.withBackends(r.getSpec(), c));
          return r;
        });
    // The proxy reloads in place; how fast depends on the watch and a busy machine, so the bound
    // is generous: what matters is that it happens without a restart.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(servedBy(port, 10)).containsExactly("c"));

    cluster.edit(
        "web",
        r -> {
          r.getMetadata().getAnnotations().put(LoadBalancer.ROLLBACK_TO_ANNOTATION, "1");
          return r;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(servedBy(port, 20)).containsExactlyInAnyOrder("a", "b"));
  }

  /**
   * A {@code metrics.port} change reaches the running pods through their ConfigMap before the
   * rollout replaces them: they must keep serving their probes where the pod template says, or
   * every old pod turns unready at once. The new template probes the new port.
   */
  @Test
  void aMetricsPortChangeKeepsTheOldPodsProbesAnsweringAndRollsThePods() throws Exception {
    String a = backend("a");
    int port = FreePorts.next();
    int oldAdmin = FreePorts.next();
    int newAdmin = FreePorts.next();
    proxy =
        startAsDeployed(
            create(
                LoadBalancerConfig.builder()
                    .frontends(List.of(Frontend.onPort(port)))
                    .backends(List.of(Backend.of(a)))
                    .metrics(new Metrics(true, oldAdmin))
                    .build()));
    await().atMost(Duration.ofSeconds(30)).until(() -> ready(oldAdmin));

    cluster.edit(
        "web",
        r -> {
          r.setSpec(
              r.getSpec()
                  .withConfig(
                      r.getSpec().config().toBuilder()
                          .metrics(new Metrics(true, newAdmin))
                          .build()));
          return r;
        });

    // The old pod has read revision 2, with the new metrics.port, and still answers where its
    // template's probes look.
    await("revision 2 in the old pod")
        .atMost(Duration.ofSeconds(20))
        .until(() -> revisionServedOn(oldAdmin) == 2);
    assertThat(ready(oldAdmin)).as("readiness of the old pod on its template's port").isTrue();
    assertThat(get(oldAdmin, "/healthz").statusCode()).as("liveness of the old pod").isEqualTo(200);
    assertThat(ready(newAdmin)).as("nothing moved to the new port").isFalse();
    assertThat(servedBy(port, 5)).containsExactly("a");

    // The pod template changed: the Deployment rolls the pods onto the new port.
    eventually(
        () -> {
          Container container =
              cluster
                  .client()
                  .apps()
                  .deployments()
                  .withName("web-proxy")
                  .get()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0);
          assertThat(container.getArgs()).containsSequence("--admin-port", "" + newAdmin);
          assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal())
              .isEqualTo(newAdmin);
          assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal())
              .isEqualTo(newAdmin);
        });
  }

  /** Creates the resource {@code web} running {@code config}; its Deployment once it exists. */
  private Deployment create(LoadBalancerConfig config) throws IOException {
    LoadBalancer lb = cluster.example();
    lb.setSpec(LoadBalancerSpec.of(config));
    cluster.client().resource(lb).create();
    eventually(
        () ->
            assertThat(cluster.client().apps().deployments().withName("web-proxy").get())
                .isNotNull());
    return cluster.client().apps().deployments().withName("web-proxy").get();
  }

  /** The revision the proxy's {@code /status} on {@code adminPort} reports; -1 if unreachable. */
  private long revisionServedOn(int adminPort) throws InterruptedException {
    try {
      return new ObjectMapper()
          .readTree(get(adminPort, "/status").body())
          .path("revision")
          .asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@code GET path} on {@code port} of loopback. */
  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            // A timeout is an exception, which no await retries: keep it generous.
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Process startAsDeployed(Deployment deployment) throws IOException {
    return DeployedProxy.start(deployment, cluster);
  }

  private Set<String> servedBy(int port, int requests) throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = get(port, "/");
      assertThat(response.statusCode()).isEqualTo(200);
      seen.add(response.body());
    }
    return seen;
  }

  /** Whether the proxy's readiness probe, /readyz on the metrics port, passes. */
  private boolean ready(int metricsPort) throws InterruptedException {
    try {
      return get(metricsPort, "/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** A backend on loopback answering every request, health checks included, with its name. */
  private String backend(String name) throws IOException {
    HttpServer server = NamedBackend.start("127.0.0.1", 0, name);
    backends.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
