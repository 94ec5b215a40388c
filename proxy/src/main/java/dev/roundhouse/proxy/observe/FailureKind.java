package dev.roundhouse.proxy.observe;

/**
 * Every way a request can fail, and the status the client gets for it: the one table of the data
 * path. A failure after the response has started cannot change the status; the client connection is
 * closed instead, so a truncated response never looks complete.
 */
public enum FailureKind {
  /** No backend is healthy. */
  NO_HEALTHY_BACKEND(503, "no_healthy_backend"),
  /** A connection to the backend was refused or could not be made (after retries). */
  CONNECT_FAILED(502, "connect_failed"),
  /** Opening a connection to the backend took longer than {@code timeouts.connect}. */
  CONNECT_TIMEOUT(502, "connect_timeout"),
  /** The backend took longer than {@code timeouts.request} to answer. */
  RESPONSE_TIMEOUT(504, "timeout"),
  /** The backend closed or reset the connection before its response was complete. */
  BACKEND_RESET(502, "reset"),
  /** The backend sent something that is not valid HTTP. */
  BAD_RESPONSE(502, "bad_response"),
  /** The client sent malformed HTTP. */
  BAD_REQUEST(400, "bad_request"),
  /** Both Content-Length and Transfer-Encoding, or conflicting Content-Lengths (smuggling). */
  AMBIGUOUS_LENGTH(400, "ambiguous_length"),
  /** The request line is longer than the limit. */
  URI_TOO_LONG(414, "uri_too_long"),
  /** The headers are larger, or more numerous, than the limit. */
  HEADERS_TOO_LARGE(431, "headers_too_large"),
  /** A method a reverse proxy does not forward ({@code CONNECT}). */
  METHOD_NOT_SUPPORTED(501, "method_not_supported"),
  /**
   * The client took too long over its request: its head was not complete within {@code
   * timeouts.requestHead}, or its body paused longer than {@code timeouts.requestBody} while the
   * backend was ready for it.
   */
  CLIENT_TIMEOUT(408, "client_timeout"),
  /**
   * The client closed its connection before the response was complete. 499 is nginx's code for it;
   * the client never sees it, but logs and metrics do.
   */
  CLIENT_CLOSED(499, "client_closed");

  private final int status;
  private final String label;

  FailureKind(int status, String label) {
    this.status = status;
    this.label = label;
  }

  /** The HTTP status the client gets, if the response has not started. */
  public int status() {
    return status;
  }

  /** The {@code type} label of {@code roundhouse_backend_errors_total} and the access log. */
  public String label() {
    return label;
  }

  /** Whether this failure is the backend's fault, so passive health counts it. */
  public boolean backendFault() {
    return switch (this) {
      case CONNECT_FAILED, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, BACKEND_RESET, BAD_RESPONSE -> true;
      default -> false;
    };
  }
}
