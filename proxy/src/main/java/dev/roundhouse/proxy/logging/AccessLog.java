package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.TrafficObserver;
import org.slf4j.Logger;

/**
 * Writes an access-log line per finished exchange to the {@value LoggingSetup#ACCESS_LOGGER}
 * logger. The line is one structured argument ({@link AccessLine}): the JSON format gets typed
 * fields, the text format gets it in the message:
 *
 * <pre>
 * 2025-01-01T10:00:00.123Z access 8080 10.0.0.7 "GET /orders?id=1" 200 http://web-1:9001 3.217ms 512B 4f1c...
 * </pre>
 *
 * <p>Fields: {@code time} (when the request arrived; {@code @timestamp} is when the line was
 * written, after the response), {@code frontend}, {@code client}, {@code method}, {@code path},
 * {@code status}, {@code backend} ({@code none} if no backend answered), {@code duration_ms},
 * {@code bytes} (response body bytes sent), {@code request_id}, and {@code failure} (a {@link
 * dev.roundhouse.proxy.observe.FailureKind#label() failure label}) only when something failed.
 *
 * <p>A request that upgraded its connection (a WebSocket) gets its one line when the tunnel closes:
 * status 101, {@code duration_ms} to the 101, and the tunnel's {@code tunnel_duration_ms}, {@code
 * tunnel_bytes_from_client}, {@code tunnel_bytes_to_client} and {@code tunnel_closed_by} ({@code
 * client}, {@code backend}, {@code idle} or {@code shutdown}); in text {@code tunnel=61234.567ms
 * from_client=1024B to_client=2048B closed_by=client} at the end of the line.
 *
 * <p>On the event loop this costs one small object and a queue offer; the formatting happens on the
 * access log's writer thread.
 */
public final class AccessLog implements TrafficObserver {

  private final Logger logger;

  /** Writes to {@code logger}, usually {@link LoggingSetup#accessLogger()}. */
  public AccessLog(Logger logger) {
    this.logger = requireNonNull(logger, "logger");
  }

  @Override
  public void exchangeCompleted(Exchange e) {
    if (logger.isInfoEnabled()) {
      logger.info("{}", new AccessLine(e));
    }
  }
}
