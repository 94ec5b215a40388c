package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.api.Logging;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LoggingSetupTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2025-01-01T10:00:00.120Z");

  private final LoggerContext context = freshContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final LoggingSetup setup = new LoggingSetup(context, out);
  private final AccessLog accessLog = new AccessLog(setup.accessLogger());
  private final Logger app = context.getLogger("dev.roundhouse.proxy.Test");

  @AfterEach
  void stop() {
    setup.close();
    context.stop();
  }

  /** A logger context of the test's own, so the test JVM's logging is left alone. */
  private static LoggerContext freshContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    return context;
  }

  private static Exchange exchange(int status, FailureKind failure) {
    return new Exchange(
        START.toEpochMilli(),
        "8080",
        "10.0.0.7",
        "GET",
        "/orders?id=\"1\"",
        status,
        "http://b1:9001",
        3_217_400,
        512,
        "4f1c-aa",
        failure);
  }

  /** Every line written so far, after the access log's queue is drained. */
  private List<String> lines() {
    setup.close();
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static List<JsonNode> parse(List<String> lines) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void everyJsonLineIsAJsonObjectWithTheDocumentedFields() throws IOException {
    setup.apply(new Logging(LogLevel.INFO, LogFormat.JSON, true));

    app.info("Backend {} is DOWN", "http://b1:9001");
    app.warn("config rejected", new IllegalStateException("backends[1]: bad URL"));
    accessLog.exchangeCompleted(exchange(200, null));
    accessLog.exchangeCompleted(exchange(502, FailureKind.CONNECT_FAILED));

    List<JsonNode> nodes = parse(lines());
    assertThat(nodes).hasSize(4).allMatch(JsonNode::isObject);
    List<JsonNode> application =
        nodes.stream()
            .filter(n -> !n.path("logger_name").asText().equals("roundhouse.access"))
            .toList();
    List<JsonNode> access =
        nodes.stream()
            .filter(n -> n.path("logger_name").asText().equals("roundhouse.access"))
            .toList();
    assertThat(application).hasSize(2);
    for (JsonNode line : application) {
      assertThat(line.fieldNames())
          .toIterable()
          .contains("@timestamp", "level", "logger_name", "thread_name", "message");
    }
    assertThat(nodes)
        .allSatisfy(
            n ->
                assertThat(n.get("@timestamp").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertThat(application.get(0).get("message").asText())
        .isEqualTo("Backend http://b1:9001 is DOWN");
    assertThat(application.get(1).get("level").asText()).isEqualTo("WARN");
    assertThat(application.get(1).get("stack_trace").asText()).contains("backends[1]: bad URL");

    assertThat(access).hasSize(2);
    JsonNode ok = access.get(0);
    assertThat(ok.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "@timestamp",
            "level",
            "logger_name",
            "time",
            "frontend",
            "client",
            "method",
            "path",
            "status",
            "backend",
            "duration_ms",
            "bytes",
            "request_id");
    assertThat(ok.get("time").asText()).isEqualTo("2025-01-01T10:00:00.120Z");
    assertThat(ok.get("frontend").asText()).isEqualTo("8080");
    assertThat(ok.get("client").asText()).isEqualTo("10.0.0.7");
    assertThat(ok.get("method").asText()).isEqualTo("GET");
    assertThat(ok.get("path").asText()).isEqualTo("/orders?id=\"1\"");
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    assertThat(ok.get("status").isNumber()).isTrue();
    assertThat(ok.get("backend").asText()).isEqualTo("http://b1:9001");
    assertThat(ok.get("duration_ms").asDouble()).isEqualTo(3.217);
    assertThat(ok.get("bytes").asLong()).isEqualTo(512);
    assertThat(ok.get("request_id").asText()).isEqualTo("4f1c-aa");
    assertThat(access.get(1).get("failure").asText()).isEqualTo("connect_failed");
    assertThat(access.get(1).get("status").asInt()).isEqualTo(502);
  }

  @Test
  void textLinesAreReadable() {
    setup.apply(new Logging(LogLevel.INFO, LogFormat.TEXT, true));

    app.info("Backend {} is UP", "http://b1:9001");
    accessLog.exchangeCompleted(exchange(200, null));
    accessLog.exchangeCompleted(exchange(504, FailureKind.RESPONSE_TIMEOUT));

    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[.*] "
                + "dev.roundhouse.proxy.Test - Backend http://b1:9001 is UP");
    assertThat(lines)
        .anyMatch(
            l ->
                l.endsWith(
                    " access 8080 10.0.0.7 \"GET /orders?id=\"1\"\" 200 http://b1:9001 3.217ms 512B 4f1c-aa"))
        .anyMatch(l -> l.endsWith(" 504 http://b1:9001 3.217ms 512B 4f1c-aa failure=timeout"));
  }

  @Test
  void withTheAccessLogOffNoAccessLineIsWritten() throws IOException {
    setup.apply(new Logging(LogLevel.INFO, LogFormat.JSON, false));

    accessLog.exchangeCompleted(exchange(200, null));
    app.info("still here");

    List<JsonNode> nodes = parse(lines());
    assertThat(nodes).hasSize(1);
    assertThat(nodes.get(0).get("message").asText()).isEqualTo("still here");
  }

  @Test
  void theLevelFiltersApplicationLinesButNotTheAccessLog() throws IOException {
    setup.apply(new Logging(LogLevel.WARN, LogFormat.JSON, true));

    app.info("hidden");
    app.warn("shown");
    accessLog.exchangeCompleted(exchange(200, null));

    List<JsonNode> nodes = parse(lines());
    assertThat(nodes)
        .extracting(n -> n.path("message").asText(""))
        .containsExactlyInAnyOrder("shown", "");
  }

  @Test
  void settingsCanBeChangedWhileRunning() throws IOException {
    setup.apply(new Logging(LogLevel.INFO, LogFormat.JSON, true));
    app.debug("not yet");
    accessLog.exchangeCompleted(exchange(200, null));

    setup.apply(new Logging(LogLevel.DEBUG, LogFormat.TEXT, false));
    app.debug("now in text");
    accessLog.exchangeCompleted(exchange(201, null));

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("status").asInt()).isEqualTo(200);
    assertThat(lines.get(1)).contains("DEBUG").endsWith("- now in text");
    assertThat(setup.settings()).isEqualTo(new Logging(LogLevel.DEBUG, LogFormat.TEXT, false));
  }

  @Test
  void aStuckOutputNeverBlocksTheAccessLogAndLosesOnlyWhatOverflows() throws Exception {
    BlockingOutputStream stuck = new BlockingOutputStream();
    LoggerContext stuckContext = freshContext();
    LoggingSetup stuckSetup = new LoggingSetup(stuckContext, stuck);
    stuckSetup.apply(new Logging(LogLevel.INFO, LogFormat.JSON, true));
    AccessLog log = new AccessLog(stuckSetup.accessLogger());
    int lines = LoggingSetup.ACCESS_QUEUE * 3;

    Thread eventLoop =
        new Thread(
            () -> {
              for (int i = 0; i < lines; i++) {
                log.exchangeCompleted(exchange(200, null));
              }
            });
    eventLoop.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> !eventLoop.isAlive());
    assertThat(stuck.writes()).isZero();
    stuck.release();
    await().until(() -> stuck.lines() > 0);
    stuckSetup.close();
    stuckContext.stop();
    long written = stuck.lines();
    // What was written is what the queue held, plus what logback's worker had already drained from
    // it into its own batch when the output got stuck (at most one queue's worth): the rest is
    // dropped, not waited for.
    assertThat(written).isPositive().isLessThanOrEqualTo(2L * LoggingSetup.ACCESS_QUEUE + 1);
    assertThat(written).isLessThan(lines);
  }

  @Test
  void summarizesAConfigOnOneLine() throws Exception {
    var config =
        dev.roundhouse.api.ConfigCodec.read(
            """
            frontends: [{port: 8080}, {port: 8081, name: api}]
            backends: ["http://b1:9001", {url: "http://b2:9002", weight: 3}]
            healthcheck: {interval: 10s, timeout: 2s, path: /health}
            logging: {level: info, format: json}
            metrics: {enabled: true, port: 9090}
            """);

    assertThat(ConfigSummary.of(config, 3))
        .isEqualTo(
            "revision 3: frontends [8080, api:8081] -> 2 backends [http://b1:9001, http://b2:9002"
                + " (weight 3)], round-robin; health GET /health every 10s (timeout 2s, down after"
                + " 3, up after 2, passive after 5); logging info json, access log on; metrics on"
                + " :9090");
  }
}
