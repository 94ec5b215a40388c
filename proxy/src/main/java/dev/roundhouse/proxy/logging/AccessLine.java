package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.TunnelSummary;

/**
 * The fields of one access-log line, the one argument of its logging event: the JSON format writes
 * them as typed fields ({@link #writeJson}, through {@link AccessJsonEncoder}), the text format
 * prints {@link #toString()}. One object per request, formatted only by the access log's writer
 * thread, never on the event loop.
 */
final class AccessLine {

  // Field names encoded once: a line per request.
  private static final byte[] FRONTEND = JsonLine.name("frontend");
  private static final byte[] CLIENT = JsonLine.name("client");
  private static final byte[] METHOD = JsonLine.name("method");
  private static final byte[] PATH = JsonLine.name("path");
  private static final byte[] STATUS = JsonLine.name("status");
  private static final byte[] BACKEND = JsonLine.name("backend");
  private static final byte[] DURATION_MS = JsonLine.name("duration_ms");
  private static final byte[] BYTES = JsonLine.name("bytes");
  private static final byte[] REQUEST_ID = JsonLine.name("request_id");
  private static final byte[] FAILURE = JsonLine.name("failure");
  private static final byte[] TIME = JsonLine.name("time");
  private static final byte[] TUNNEL_DURATION_MS = JsonLine.name("tunnel_duration_ms");
  private static final byte[] TUNNEL_FROM_CLIENT = JsonLine.name("tunnel_bytes_from_client");
  private static final byte[] TUNNEL_TO_CLIENT = JsonLine.name("tunnel_bytes_to_client");
  private static final byte[] TUNNEL_CLOSED_BY = JsonLine.name("tunnel_closed_by");

  private final Exchange exchange;

  AccessLine(Exchange exchange) {
    this.exchange = requireNonNull(exchange, "exchange");
  }

  /** Writes the fields into {@code json}, a line begun by the encoder. */
  void writeJson(JsonLine json) {
    Exchange e = exchange;
    json.string(FRONTEND, e.frontend());
    json.string(CLIENT, e.client());
    json.string(METHOD, e.method());
    json.string(PATH, e.path());
    json.number(STATUS, e.status());
    json.string(BACKEND, e.backend());
    json.millis(DURATION_MS, e.durationNanos());
    json.number(BYTES, e.bytesSent());
    json.string(REQUEST_ID, requestId());
    if (e.failure() != null) {
      json.string(FAILURE, e.failure().label());
    }
    TunnelSummary tunnel = e.tunnel();
    if (tunnel != null) {
      json.millis(TUNNEL_DURATION_MS, tunnel.duration().toNanos());
      json.number(TUNNEL_FROM_CLIENT, tunnel.bytesFromClient());
      json.number(TUNNEL_TO_CLIENT, tunnel.bytesToClient());
      json.string(TUNNEL_CLOSED_BY, tunnel.closedBy().label());
    }
    json.time(TIME, e.startMillis());
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
