package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.roundhouse.proxy.observe.Exchange;
import java.io.IOException;
import net.logstash.logback.argument.StructuredArgument;

/**
 * The fields of one access-log line, as one structured argument: the JSON format writes them as
 * typed fields, the text format prints {@link #toString()}. One object per request, formatted only
 * by the access log's writer thread, never on the event loop.
 */
final class AccessLine implements StructuredArgument {

  private final Exchange exchange;

  AccessLine(Exchange exchange) {
    this.exchange = requireNonNull(exchange, "exchange");
  }

  @Override
  public void writeTo(JsonGenerator json) throws IOException {
    Exchange e = exchange;
    json.writeStringField("frontend", e.frontend());
    json.writeStringField("client", e.client());
    json.writeStringField("method", e.method());
    json.writeStringField("path", e.path());
    json.writeNumberField("status", e.status());
    json.writeStringField("backend", e.backend());
    json.writeNumberField("duration_ms", durationMillis());
    json.writeNumberField("bytes", e.bytesSent());
    json.writeStringField("request_id", requestId());
    if (e.failure() != null) {
      json.writeStringField("failure", e.failure().label());
    }
    json.writeStringField("time", UtcMillis.format(e.start()));
  }

  /**
   * The text line after the time: {@code 8080 10.0.0.7 "GET /orders?id=1" 200 http://web-1:9001
   * 3.217ms 512B 4f1c...} and {@code failure=timeout} when something failed.
   */
  @Override
  public String toString() {
    Exchange e = exchange;
    StringBuilder line = new StringBuilder(160);
    line.append(e.frontend()).append(' ').append(e.client());
    line.append(" \"").append(e.method()).append(' ').append(e.path()).append("\" ");
    line.append(e.status()).append(' ').append(e.backend()).append(' ');
    line.append(durationMillis()).append("ms ").append(e.bytesSent()).append("B ");
    line.append(requestId());
    if (e.failure() != null) {
      line.append(" failure=").append(e.failure().label());
    }
    return line.toString();
  }

  /** Milliseconds with microsecond precision. */
  private double durationMillis() {
    return exchange.duration().toNanos() / 1000 / 1000.0;
  }

  private String requestId() {
    return exchange.requestId() == null ? "-" : exchange.requestId();
  }
}
