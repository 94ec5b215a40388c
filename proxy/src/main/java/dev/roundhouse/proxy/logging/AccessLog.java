package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;
import static net.logstash.logback.argument.StructuredArguments.value;

import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.TrafficObserver;
import org.slf4j.Logger;

/**
 * Writes an access-log line per finished exchange to the {@value LoggingSetup#ACCESS_LOGGER}
 * logger. Each value is a structured argument: the JSON format gets it as a typed field, the text
 * format gets it in the message:
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
 */
public final class AccessLog implements TrafficObserver {

  private static final String LINE = "{} {} \"{} {}\" {} {} {}ms {}B {}";

  private final Logger logger;

  /** Writes to {@code logger}, usually {@link LoggingSetup#accessLogger()}. */
  public AccessLog(Logger logger) {
    this.logger = requireNonNull(logger, "logger");
  }

  @Override
  public void exchangeCompleted(Exchange e) {
    if (!logger.isInfoEnabled()) {
      return;
    }
    Object frontend = value("frontend", e.frontend());
    Object client = value("client", e.client());
    Object method = value("method", e.method());
    Object path = value("path", e.path());
    Object status = value("status", e.status());
    Object backend = value("backend", e.backend());
    Object duration = value("duration_ms", e.duration().toNanos() / 1000 / 1000.0);
    Object bytes = value("bytes", e.bytesSent());
    Object requestId = value("request_id", e.requestId() == null ? "-" : e.requestId());
    // "time" has no placeholder: arguments past the placeholders are still JSON fields.
    Object time = value("time", e.start().toString());
    if (e.failure() == null) {
      logger.info(
          LINE, frontend, client, method, path, status, backend, duration, bytes, requestId, time);
    } else {
      Object failure = value("failure", e.failure().label());
      logger.info(
          LINE + " failure={}",
          frontend,
          client,
          method,
          path,
          status,
          backend,
          duration,
          bytes,
          requestId,
          failure,
          time);
    }
  }
}
