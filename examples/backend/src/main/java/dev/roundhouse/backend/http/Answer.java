package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.backend.http.RequestPlan.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * A whole answer, status and body, for every route but echo and sized bodies (which stream).
 *
 * @param status the status code
 * @param contentType the body's media type
 * @param body the body, owned by whoever writes it
 */
record Answer(int status, CharSequence contentType, ByteBuf body) {

  Answer {
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
  }

  /**
   * The answer to a fully read request. Applies the {@code status=} switch to the identity, digest
   * and health routes; flips the health switch for {@code /admin/health?status=}.
   */
  static Answer to(
      RequestPlan plan,
      HttpRequest request,
      ReceivedBody received,
      ServerState state,
      int port,
      ByteBufAllocator alloc) {
    Answer own =
        switch (plan.route()) {
          case HEALTH ->
              state.healthy()
                  ? new Answer(200, Responses.TEXT, Responses.text(alloc, "ok"))
                  : new Answer(503, Responses.TEXT, Responses.text(alloc, "down"));
          case ADMIN_HEALTH -> {
            if (plan.detail() != null) {
              state.setHealthy(plan.detail().equals("up"));
            }
            yield new Answer(200, Responses.JSON, Responses.health(alloc, state));
          }
          case DIGEST ->
              new Answer(200, Responses.JSON, Responses.digest(alloc, state.id(), received));
          case ADMIN_STATS -> new Answer(200, Responses.JSON, Responses.stats(alloc, state));
          case ADMIN_NOT_FOUND ->
              text(404, "no admin endpoint " + request.uri() + " (try /admin/stats)", alloc);
          case BAD_SWITCH, ADMIN_BAD_REQUEST ->
              text(400, "bad query parameter: " + plan.detail(), alloc);
          default ->
              new Answer(200, Responses.JSON, Responses.identity(alloc, state.id(), port, request));
        };
    boolean switchable =
        plan.route() == Route.IDENTITY
            || plan.route() == Route.HEALTH
            || plan.route() == Route.DIGEST;
    if (switchable && plan.status() != 0) {
      return new Answer(plan.status(), own.contentType, own.body);
    }
    return own;
  }

  /**
   * The answer to a request the codec could not parse: 414 for a long request line, 431 for large
   * headers, 400 otherwise.
   */
  static Answer malformed(Throwable cause, ByteBufAllocator alloc) {
    int status;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
    } else if (cause instanceof TooLongFrameException) {
      status = 413;
    } else {
      status = 400;
    }
    String reason = cause == null ? "a request arrived out of order" : cause.getMessage();
    return text(status, "malformed request: " + reason, alloc);
  }

  private static Answer text(int status, String message, ByteBufAllocator alloc) {
    return new Answer(status, Responses.TEXT, Responses.text(alloc, message + "\n"));
  }
}
