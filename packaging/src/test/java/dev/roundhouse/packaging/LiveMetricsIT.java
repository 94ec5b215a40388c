package dev.roundhouse.packaging;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric, label and label value the Grafana dashboard and the alert rules use is one a live
 * proxy exports. A real proxy process runs in front of two real backends and goes through what the
 * panels and alerts are about (traffic with sticky sessions, a backend killed, no healthy backend,
 * a rejected and an accepted reload, a client past its connection limit, a head that never ends);
 * then its /metrics is read and every query of the dashboard and the rules is checked against it.
 */
class LiveMetricsIT {

  /** Room for the HTTP client's pooled connections, which count too. */
  private static final int MAX_CONNECTIONS_PER_CLIENT = 4;

  private static final Path PROXY_JAR = Repo.path("proxy/target/roundhouse-proxy.jar");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyQueryOfTheDashboardAndTheAlertsSelectsSeriesTheProxyExports(@TempDir Path dir)
      throws Exception {
    try (BackendProcess one = BackendProcess.start(1);
        BackendProcess two = BackendProcess.start(2)) {
      int frontend = FreePorts.next();
      int https = FreePorts.next();
      int admin = FreePorts.next();
      Path config = dir.resolve("config.yaml");
      Path certificate = dir.resolve("tls.crt");
      Path key = dir.resolve("tls.key");
      openssl(
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-keyout",
          key.toString(),
          "-out",
          certificate.toString(),
          "-days",
          "2",
          "-subj",
          "/CN=localhost");
      String tls = tlsFrontend(https, certificate, key);
      write(config, config(frontend, admin, one.url(), two.url(), 1).replace(WEB, WEB + tls));

      try (ChildProcess proxy =
          ChildProcess.start(
              new ProcessBuilder(
                  javaBinary(), "-jar", PROXY_JAR.toString(), "--config", config.toString()),
              "live-metrics-proxy")) {
        String base = "http://127.0.0.1:" + admin;
        await("the proxy is ready:\n" + proxy.output())
            .atMost(Duration.ofSeconds(30))
            .until(() -> status(base + "/readyz") == 200);

        // Plain HTTP sent to the TLS frontend: a failed handshake.
        assertThat(status("http://127.0.0.1:" + https + "/")).isEqualTo(-1);

        // Traffic to both backends.
        for (int i = 0; i < 20; i++) {
          assertThat(status("http://127.0.0.1:" + frontend + "/")).isEqualTo(200);
        }

        // Backend 2 crashes: requests to it fail to connect and are retried on backend 1; then
        // the health checks take it out.
        two.kill();
        for (int i = 0; i < 10; i++) {
          assertThat(status("http://127.0.0.1:" + frontend + "/")).isEqualTo(200);
        }
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    scrape(base).of("roundhouse_backend_up").stream()
                        .anyMatch(s -> s.value() == 0));

        // Backend 1 reports unhealthy too: no healthy backend, the proxy answers 503.
        one.setHealthy(false);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> scrape(base).sum("roundhouse_backend_up") == 0);
        assertThat(status("http://127.0.0.1:" + frontend + "/")).isEqualTo(503);
        one.setHealthy(true);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> scrape(base).sum("roundhouse_backend_up") >= 1);

        // A rejected reload, then an accepted one.
        double revision = scrape(base).sum("roundhouse_config_revision");
        write(config, config(frontend, 70000, one.url(), two.url(), 1).replace(WEB, WEB + tls));
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> scrape(base).sum("roundhouse_config_reloads_total") >= 1);
        write(config, config(frontend, admin, one.url(), two.url(), 2).replace(WEB, WEB + tls));
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> scrape(base).sum("roundhouse_config_revision") > revision);

        // More connections than limits.maxConnectionsPerClient allows: the last ones are refused.
        List<Socket> crowd = new ArrayList<>();
        try {
          for (int i = 0; i < MAX_CONNECTIONS_PER_CLIENT + 3; i++) {
            crowd.add(new Socket("127.0.0.1", frontend));
          }
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> scrape(base).sum("roundhouse_connections_rejected_total") >= 1);
        } finally {
          for (Socket socket : crowd) {
            socket.close();
          }
        }

        // A head that never ends: 408 after timeouts.requestHead.
        try (Socket slow = new Socket("127.0.0.1", frontend)) {
          slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n".getBytes(US_ASCII));
          slow.setSoTimeout(20_000);
          String answer = new String(slow.getInputStream().readNBytes(12), US_ASCII);
          assertThat(answer).isEqualTo("HTTP/1.1 408");
        }

        Exposition metrics = scrape(base);
        List<String> problems = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(Repo.read(DashboardTest.FILE));
        for (String expr : PromQl.dashboardExpressions(dashboard)) {
          problems.addAll(QueryCoverage.problems("dashboard", expr, metrics));
        }
        for (String expr :
            PromQl.ruleExpressions(StrictModel.tree(Repo.read(AlertRulesTest.RULES)))) {
          problems.addAll(QueryCoverage.problems("alert rules", expr, metrics));
        }
        // The operator's own metrics (rollouts) come from the operator, not a proxy: the
        // operator's OperatorProcessIT reads them from a running operator.
        problems.removeIf(p -> p.contains(DashboardTest.OPERATOR_METRICS));

        assertThat(problems).as("queries that select nothing the proxy exports").isEmpty();
      }
    }
  }

  private static String config(int frontend, int admin, String one, String two, int retries) {
    return """
        frontends:
          - port: %d
            name: web
        backends:
          - "%s"
          - "%s"
        healthcheck:
          interval: 500ms
          timeout: 250ms
          healthyThreshold: 1
          unhealthyThreshold: 1
        retries: %d
        sessionPersistence:
          type: cookie
          name: RH_BACKEND
        timeouts:
          requestHead: 1s
        limits:
          maxConnectionsPerClient: %d
        logging:
          format: text
        metrics:
          port: %d
        """
        .formatted(frontend, one, two, retries, MAX_CONNECTIONS_PER_CLIENT, admin);
  }

  /** The end of the first frontend of {@link #config}, where a second one can follow. */
  private static final String WEB = "    name: web\n";

  /** A TLS frontend, to follow the first frontend of {@link #config}. */
  private static String tlsFrontend(int port, Path certificate, Path key) {
    return "  - port: %d\n    name: secure\n    tls: {certificate: %s, key: %s}\n"
        .formatted(port, certificate, key);
  }

  private static void openssl(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  /** Replaces the file the way an editor saves: write a new file, rename it over the old one. */
  private static void write(Path file, String content) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Exposition scrape(String base) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return Exposition.parse(response.body());
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
