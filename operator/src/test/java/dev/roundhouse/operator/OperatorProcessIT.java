package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.backend.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator as it runs in its pod: the packaged jar in a process of its own, configured through
 * its environment, against the mock API server; stopped with SIGTERM.
 */
class OperatorProcessIT {

  private static final Path JAR = Path.of("target", "roundhouse-operator.jar");

  private MockCluster cluster;
  private Process process;
  private Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() throws IOException {
    cluster = MockCluster.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    cluster.close();
  }

  @Test
  void servesProbesAndMetricsReconcilesAndStopsGracefullyOnSigterm() throws Exception {
    int port = FreePorts.next();
    process = launch(port, "--watch-namespaces", "test,other", "--log-format", "json");

    // A new JVM on a busy two-core machine can take longer than the usual 20 s to start.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(get(port, "/readyz")).isEqualTo("200 ready\n"));
    assertThat(get(port, "/healthz")).isEqualTo("200 ok\n");

    cluster.client().resource(cluster.example()).create();
    eventually(
        () ->
            assertThat(
                    cluster
                        .client()
                        .resources(LoadBalancer.class)
                        .withName("web")
                        .get()
                        .getStatus())
                .isNotNull()
                .satisfies(s -> assertThat(s.getCurrentRevision()).isEqualTo(1L)));
    assertThat(cluster.client().apps().deployments().withName("web-proxy").get()).isNotNull();
    assertThat(
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
                .get(0)
                .getImage())
        .as("the default image comes from PROXY_IMAGE")
        .isEqualTo("registry.example/proxy:env");

    String metrics = get(port, "/metrics");
    assertThat(metrics)
        .contains("roundhouse_operator_reconciliations_success_total{kind=\"LoadBalancer\"}")
        .contains("roundhouse_operator_leader 1.0")
        // What the rollout panel and the RoundhouseRevisionHeld alert read.
        .contains("roundhouse_operator_rollout_held_revisions 0.0")
        .contains("roundhouse_operator_rollout_gates_running 0.0")
        .contains("jvm_memory_used_bytes");

    // Each log line is one JSON object.
    List<JsonNode> lines = jsonLines();
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .anySatisfy(line -> assertThat(line.path("message").asText()).contains("Operator started"));

    process.destroy(); // SIGTERM

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(jsonLines())
        .anySatisfy(
            line -> assertThat(line.path("message").asText()).isEqualTo("Operator stopped"));
    // It handed the lease over rather than letting the next leader wait for it to expire.
    assertThat(
            cluster
                .client()
                .leases()
                .inNamespace("test")
                .withName("roundhouse-operator-leader")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isNull();
  }

  @Test
  void aBadFlagValueIsAClearErrorAndExitCode2() throws Exception {
    process = launch(FreePorts.next(), "--log-format", "xml");

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("Invalid value for option '--log-format'")
        .contains("xml");
  }

  private Process launch(int port, String... args) throws IOException {
    assertThat(JAR).as("the packaged operator jar (mvn package)").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    log = Files.createTempFile("operator", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBERNETES") || k.equals("KUBECONFIG"));
    env.put("KUBERNETES_MASTER", cluster.url());
    env.put("KUBERNETES_NAMESPACE", MockCluster.NAMESPACE);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("PORT", Integer.toString(port));
    env.put("SERVER_SIDE_APPLY", "false"); // the mock server has no server-side apply
    env.put("PROXY_IMAGE", "registry.example/proxy:env");
    env.put("POD_NAMESPACE", MockCluster.NAMESPACE);
    env.put("POD_NAME", "operator-0");
    return builder.start();
  }

  private List<JsonNode> jsonLines() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (!line.isBlank()) {
        out.add(mapper.readTree(line));
      }
    }
    return out;
  }

  private String get(int port, String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && path.equals("/metrics")
          ? response.body()
          : response.statusCode() + " " + response.body();
    } catch (IOException e) {
      throw new AssertionError("GET " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
