package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.TunnelSummary;
import dev.roundhouse.proxy.observe.TunnelSummary.ClosedBy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLineTest {

  private static AccessLine line(Duration duration) {
    return new AccessLine(
        new Exchange(
            Instant.parse("2025-01-01T10:00:00.120Z").toEpochMilli(),
            "8080",
            "10.0.0.7",
            "GET",
            "/",
            200,
            "http://b1:9001",
            duration.toNanos(),
            0,
            "id-1",
            null));
  }

  @Test
  void aTunnelLineSaysHowLongItWasOpenTheBytesEachWayAndWhoClosedIt() throws IOException {
    AccessLine line =
        new AccessLine(
            new Exchange(
                Instant.parse("2025-01-01T10:00:00.120Z").toEpochMilli(),
                "8080",
                "10.0.0.7",
                "GET",
                "/ws",
                101,
                "http://b1:9001",
                Duration.ofMillis(3).toNanos(),
                0,
                "id-1",
                null,
                new TunnelSummary(Duration.ofSeconds(61), 1024, 2048, ClosedBy.BACKEND)));

    assertThat(line.toString())
        .isEqualTo(
            "8080 10.0.0.7 \"GET /ws\" 101 http://b1:9001 3.000ms 0B id-1"
                + " tunnel=61000.000ms from_client=1024B to_client=2048B closed_by=backend");
    JsonNode json = json(line);
    assertThat(json.get("status").asInt()).isEqualTo(101);
    assertThat(json.get("tunnel_duration_ms").decimalValue()).isEqualByComparingTo("61000.000");
    assertThat(json.get("tunnel_bytes_from_client").asLong()).isEqualTo(1024);
    assertThat(json.get("tunnel_bytes_to_client").asLong()).isEqualTo(2048);
    assertThat(json.get("tunnel_closed_by").asText()).isEqualTo("backend");
    assertThat(json(line(Duration.ZERO)).has("tunnel_duration_ms")).isFalse();
  }

  private static JsonNode json(AccessLine line) throws IOException {
    JsonLine json = new JsonLine();
    json.begin();
    line.writeJson(json);
    return new ObjectMapper().readTree(json.end());
  }

  @ParameterizedTest(name = "{0} ns is {1} ms")
  @CsvSource({
    "0, 0.000",
    "999, 0.000",
    "5000, 0.005",
    "42000, 0.042",
    "12000000, 12.000",
    "3217400, 3.217",
    "61234567890, 61234.567",
  })
  void theDurationIsMillisecondsToTheMicrosecond(long nanos, String millis) throws IOException {
    AccessLine line = line(Duration.ofNanos(nanos));

    assertThat(line.toString()).contains(" " + millis + "ms ");
    JsonNode duration = json(line).get("duration_ms");
    assertThat(duration.isNumber()).isTrue();
    assertThat(duration.decimalValue()).isEqualByComparingTo(millis);
  }
}
