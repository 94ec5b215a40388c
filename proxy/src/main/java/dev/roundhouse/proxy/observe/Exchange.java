package dev.roundhouse.proxy.observe;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One finished request/response exchange, as the access log and the request metrics see it.
 *
 * @param startMillis when the request arrived, in milliseconds since the epoch ({@link #start()})
 * @param frontend the frontend's label (its name or port)
 * @param client the client's address (IP)
 * @param method the request method
 * @param path the request target as sent (path and query)
 * @param status the status sent to the client; for a connection closed mid-response, the status the
 *     backend had started to send
 * @param backend the address of the backend that answered, or {@link #NO_BACKEND}
 * @param durationNanos nanoseconds from the request's arrival to the last byte of the response (for
 *     a request that upgraded its connection, to the {@code 101}) ({@link #duration()})
 * @param bytesSent response body bytes sent to the client
 * @param requestId the {@code X-Request-Id} of the exchange
 * @param failure what went wrong, or null when nothing did
 * @param tunnel for a request whose connection became a tunnel, the tunnel, reported when it
 *     closed; null for every other request
 */
public record Exchange(
    long startMillis,
    String frontend,
    String client,
    String method,
    String path,
    int status,
    String backend,
    long durationNanos,
    long bytesSent,
    String requestId,
    @Nullable FailureKind failure,
    @Nullable TunnelSummary tunnel) {

  /**
   * The {@code backend} label of a request no backend answered (no healthy backend, or rejected
   * before forwarding).
   */
  public static final String NO_BACKEND = "none";

  /** An exchange that did not upgrade its connection. */
  public Exchange(
      long startMillis,
      String frontend,
      String client,
      String method,
      String path,
      int status,
      String backend,
      long durationNanos,
      long bytesSent,
      String requestId,
      @Nullable FailureKind failure) {
    this(
        startMillis,
        frontend,
        client,
        method,
        path,
        status,
        backend,
        durationNanos,
        bytesSent,
        requestId,
        failure,
        null);
  }

  /**
   * When the request arrived. The exchange keeps it as a number, made into an object only for those
   * who ask (the access log), not for every request.
   */
  public Instant start() {
    return Instant.ofEpochMilli(startMillis);
  }

  /** From the request's arrival to the last byte of the response (or to the {@code 101}). */
  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }
}
