package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request the frontend turned away, passed along in place of the request so that its error
 * response goes out in order, after the responses to the requests before it.
 *
 * @param kind why, and so which status
 * @param request what was decoded of it (for a request line too long to read, a placeholder)
 * @param detail what exactly was wrong, for the debug log
 */
public record RejectedRequest(FailureKind kind, HttpRequest request, String detail) {

  /** Checks the parts. */
  public RejectedRequest {
    requireNonNull(kind, "kind");
    requireNonNull(request, "request");
    requireNonNull(detail, "detail");
  }
}
