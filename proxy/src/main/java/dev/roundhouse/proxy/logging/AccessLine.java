package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.TunnelSummary;
import java.io.IOException;
import net.logstash.logback.argument.StructuredArgument;

/**
 * The fields of one access-log line, as one structured argument: the JSON format writes them as
 * typed fields, the text format prints {@link #toString()}. One object per request, formatted only
 * by the access log's writer thread, never on the event loop.
 */
final class AccessLine implements StructuredArgument {

  // Field names encoded once: a line per request, and each name would otherwise be escaped and
  // encoded again for every line.
  private static final SerializableString FRONTEND = new SerializedString("frontend");
  private static final SerializableString CLIENT = new SerializedString("client");
  private static final SerializableString METHOD = new SerializedString("method");
  private static final SerializableString PATH = new SerializedString("path");
  private static final SerializableString STATUS = new SerializedString("status");
  private static final SerializableString BACKEND = new SerializedString("backend");
  private static final SerializableString DURATION_MS = new SerializedString("duration_ms");
  private static final SerializableString BYTES = new SerializedString("bytes");
  private static final SerializableString REQUEST_ID = new SerializedString("request_id");
  private static final SerializableString FAILURE = new SerializedString("failure");
  private static final SerializableString TIME = new SerializedString("time");
  private static final SerializableString TUNNEL_DURATION_MS =
      new SerializedString("tunnel_duration_ms");
  private static final SerializableString TUNNEL_FROM_CLIENT =
      new SerializedString("tunnel_bytes_from_client");
  private static final SerializableString TUNNEL_TO_CLIENT =
      new SerializedString("tunnel_bytes_to_client");
  private static final SerializableString TUNNEL_CLOSED_BY =
      new SerializedString("tunnel_closed_by");

  private final Exchange exchange;

  AccessLine(Exchange exchange) {
    this.exchange = requireNonNull(exchange, "exchange");
  }

  @Override
  public void writeTo(JsonGenerator json) throws IOException {
    Exchange e = exchange;
    field(json, FRONTEND, e.frontend());
    field(json, CLIENT, e.client());
    field(json, METHOD, e.method());
    field(json, PATH, e.path());
    json.writeFieldName(STATUS);
    json.writeNumber(e.status());
    field(json, BACKEND, e.backend());
    json.writeFieldName(DURATION_MS);
    json.writeNumber(millis(e.durationNanos()));
    json.writeFieldName(BYTES);
    json.writeNumber(e.bytesSent());
    field(json, REQUEST_ID, requestId());
    if (e.failure() != null) {
      field(json, FAILURE, e.failure().label());
    }
    TunnelSummary tunnel = e.tunnel();
    if (tunnel != null) {
      json.writeFieldName(TUNNEL_DURATION_MS);
      json.writeNumber(millis(tunnel.duration().toNanos()));
      json.writeFieldName(TUNNEL_FROM_CLIENT);
      json.writeNumber(tunnel.bytesFromClient());
      json.writeFieldName(TUNNEL_TO_CLIENT);
      json.writeNumber(tunnel.bytesToClient());
      field(json, TUNNEL_CLOSED_BY, tunnel.closedBy().label());
    }
    field(json, TIME, UtcMillis.format(e.start()));
  }

  private static void field(JsonGenerator json, SerializableString name, String value)
      throws IOException {
    json.writeFieldName(name);
    json.writeString(value);
  }

  /**
   * The text line after the time: {@code 8080 10.0.0.7 "GET /orders?id=1" 200 http://web-1:9001
   * 3.217ms 512B 4f1c...} and {@code failure=timeout} when something failed; a tunnel adds {@code
   * tunnel=61234.567ms from_client=1024B to_client=2048B closed_by=client}.
   */
  @Override
  public String toString() {
    Exchange e = exchange;
    StringBuilder line = new StringBuilder(160);
    line.append(e.frontend()).append(' ').append(e.client());
    line.append(" \"").append(e.method()).append(' ').append(e.path()).append("\" ");
    line.append(e.status()).append(' ').append(e.backend()).append(' ');
    line.append(millis(e.durationNanos())).append("ms ").append(e.bytesSent()).append("B ");
    line.append(requestId());
    if (e.failure() != null) {
      line.append(" failure=").append(e.failure().label());
    }
    TunnelSummary tunnel = e.tunnel();
    if (tunnel != null) {
      line.append(" tunnel=").append(millis(tunnel.duration().toNanos())).append("ms");
      line.append(" from_client=").append(tunnel.bytesFromClient()).append('B');
      line.append(" to_client=").append(tunnel.bytesToClient()).append('B');
      line.append(" closed_by=").append(tunnel.closedBy().label());
    }
    return line.toString();
  }

  /**
   * Milliseconds with microsecond precision, always three decimals ({@code 3.217}, {@code 12.000}):
   * formatted from whole numbers, as {@code Double.toString} was a good part of a line's cost.
   */
  private static String millis(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    long fraction = micros % 1000;
    StringBuilder text = new StringBuilder(12).append(micros / 1000).append('.');
    if (fraction < 100) {
      text.append(fraction < 10 ? "00" : "0");
    }
    return text.append(fraction).toString();
  }

  private String requestId() {
    return exchange.requestId() == null ? "-" : exchange.requestId();
  }
}
