package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real proxy process's output, and the settings a reload changes live: the log format and the
 * access log, metrics on or off, the admin port.
 */
class LiveLoggingIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static LoadBalancerConfig config(
      int port, String backend, Logging logging, Boolean metrics, int adminPort) {
    return new LoadBalancerConfig(
        List.of(Frontend.onPort(port)),
        List.of(Backend.of(backend)),
        null,
        null,
        null,
        null,
        logging,
        new Metrics(metrics, adminPort));
  }

  private static void get(int port, String requestId) throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/logged", "X-Request-Id: " + requestId).status()).isEqualTo(200);
    }
  }

  @Test
  void jsonLinesAndTheAccessLogFollowTheConfigAsItChanges() throws Exception {
    try (BackendProcess backend = BackendProcess.start(1)) {
      int port = FreePorts.next();
      int adminPort = FreePorts.next();
      AdminClient admin = new AdminClient(adminPort);
      Logging json = new Logging(LogLevel.INFO, LogFormat.JSON, true);
      try (ProxyProcess proxy =
          ProxyProcess.builder()
              .config(config(port, backend.url(), json, true, adminPort))
              .readyWhen(p -> admin.readyz() == 200)
              .start()) {
        get(port, "first-request");
        await().until(() -> proxy.output().contains("first-request"));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : proxy.output().split("\n")) {
          lines.add(JSON.readTree(line)); // every line of the process is one JSON object
        }
        JsonNode startup = lines.stream().filter(l -> l.has("message")).findFirst().orElseThrow();
        assertThat(startup.fieldNames())
            .toIterable()
            .contains("@timestamp", "level", "logger_name", "thread_name", "message");
        JsonNode access =
            lines.stream()
                .filter(l -> "first-request".equals(l.path("request_id").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(access.get("logger_name").asText()).isEqualTo("roundhouse.access");
        assertThat(access.get("frontend").asText()).isEqualTo(String.valueOf(port));
        assertThat(access.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(access.get("method").asText()).isEqualTo("GET");
        assertThat(access.get("path").asText()).isEqualTo("/logged");
        assertThat(access.get("status").asInt()).isEqualTo(200);
        assertThat(access.get("backend").asText()).isEqualTo(backend.url());
        assertThat(access.get("duration_ms").isNumber()).isTrue();
        assertThat(access.get("bytes").asLong()).isPositive();
        assertThat(access.has("time")).isTrue();

        // Text, no access log, no /metrics, and the admin server on another port.
        int movedAdmin = FreePorts.next();
        AdminClient moved = new AdminClient(movedAdmin);
        proxy.replaceConfig(
            config(
                port,
                backend.url(),
                new Logging(LogLevel.INFO, LogFormat.TEXT, false),
                false,
                movedAdmin));
        await().atMost(Duration.ofSeconds(10)).until(() -> moved.readyz() == 200);
        // A new client, since connections open to the old port stay until they end.
        assertThat(new AdminClient(adminPort).readyz()).as("the old admin port").isEqualTo(-1);
        assertThat(moved.get("/metrics").status()).isEqualTo(404);
        assertThat(moved.status().get("revision").asLong()).isEqualTo(2);
        get(port, "unlogged-request");

        // The access log on again, in text.
        proxy.replaceConfig(
            config(
                port,
                backend.url(),
                new Logging(LogLevel.INFO, LogFormat.TEXT, true),
                true,
                movedAdmin));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> moved.status().get("revision").asLong() == 3);
        get(port, "third-request");
        await().until(() -> proxy.output().contains("third-request"));

        String output = proxy.output();
        // The access log keeps its order, so the request in between was never logged.
        assertThat(output).doesNotContain("unlogged-request");
        assertThat(output)
            .containsPattern(
                "Z access "
                    + port
                    + " 127\\.0\\.0\\.1 \"GET /logged\" 200 "
                    + backend.url()
                    + " [0-9.]+ms [0-9]+B third-request\n")
            .containsPattern(
                "Z INFO  \\[[^]]+\\] d\\.r\\.proxy\\.config\\.ConfigReloader - config"
                    + " revision 2 is in force .*admin port "
                    + adminPort
                    + " -> "
                    + movedAdmin)
            .contains("logging (info json, access log on) -> (info text, access log off)");
        assertThat(moved.get("/metrics").status()).isEqualTo(200);
      }
    }
  }
}
