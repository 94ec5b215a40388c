package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The access log's JSON lines, as a log shipper parses them. */
class AccessJsonEncoderTest {

  private final LoggerContext context = new LoggerContext();
  private final AccessJsonEncoder encoder = new AccessJsonEncoder();

  private JsonNode encode(Object... arguments) throws IOException {
    LoggingEvent event =
        new LoggingEvent(
            AccessJsonEncoderTest.class.getName(),
            context.getLogger(LoggingSetup.ACCESS_LOGGER),
            Level.INFO,
            "{}",
            null,
            arguments);
    event.setInstant(Instant.parse("2025-01-01T10:00:00.250Z"));
    byte[] line = encoder.encode(event);
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    return new ObjectMapper().readTree(line);
  }

  @Test
  void anAccessLineHasTheEventsFieldsThenItsOwn() throws IOException {
    Exchange exchange =
        new Exchange(
            Instant.parse("2025-01-01T10:00:00.120Z").toEpochMilli(),
            "8080",
            "10.0.0.7",
            "POST",
            "/orders?q=\"x\"",
            502,
            Exchange.NO_BACKEND,
            3_217_400,
            17,
            "id-1",
            FailureKind.CONNECT_FAILED);

    JsonNode line = encode(new AccessLine(exchange));

    assertThat(line.fieldNames())
        .toIterable()
        .containsExactly(
            "@timestamp",
            "logger_name",
            "level",
            "frontend",
            "client",
            "method",
            "path",
            "status",
            "backend",
            "duration_ms",
            "bytes",
            "request_id",
            "failure",
            "time");
    assertThat(line.get("@timestamp").asText()).isEqualTo("2025-01-01T10:00:00.250Z");
    assertThat(line.get("logger_name").asText()).isEqualTo("roundhouse.access");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("path").asText()).isEqualTo("/orders?q=\"x\"");
    assertThat(line.get("status").asInt()).isEqualTo(502);
    assertThat(line.get("backend").asText()).isEqualTo("none");
    assertThat(line.get("duration_ms").decimalValue()).isEqualByComparingTo("3.217");
    assertThat(line.get("bytes").asLong()).isEqualTo(17);
    assertThat(line.get("failure").asText()).isEqualTo(FailureKind.CONNECT_FAILED.label());
    assertThat(line.get("time").asText()).isEqualTo("2025-01-01T10:00:00.120Z");
  }

  @Test
  void anyOtherEventOnTheAccessLoggerKeepsItsMessage() throws IOException {
    JsonNode line = encode("not an exchange");

    assertThat(line.fieldNames())
        .toIterable()
        .containsExactly("@timestamp", "logger_name", "level", "message");
    assertThat(line.get("message").asText()).isEqualTo("not an exchange");
  }
}
