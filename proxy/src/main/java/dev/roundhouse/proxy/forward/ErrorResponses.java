package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The responses the proxy writes itself, when a request fails before any response started. */
public final class ErrorResponses {

  private ErrorResponses() {}

  /**
   * A plain-text response for {@code kind}: the status line's words and what happened, e.g. {@code
   * 503 Service Unavailable: no healthy backend}, plus the request id so a user can quote it.
   *
   * @param head whether it answers a HEAD request (headers only)
   * @param close whether the connection closes after it
   */
  public static FullHttpResponse of(
      FailureKind kind, String requestId, boolean head, boolean close, ByteBufAllocator alloc) {
    HttpResponseStatus status =
        kind.status() == 499
            ? new HttpResponseStatus(499, "Client Closed Request")
            : HttpResponseStatus.valueOf(kind.status());
    String text =
        status.code()
            + " "
            + status.reasonPhrase()
            + ": "
            + describe(kind)
            + "\nrequest id: "
            + requestId
            + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf body = head ? alloc.buffer(0) : alloc.buffer(bytes.length).writeBytes(bytes);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    response.headers().set(HeaderRewriter.X_REQUEST_ID, requestId);
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  /** What the client is told about {@code kind}. */
  static String describe(FailureKind kind) {
    return switch (kind) {
      case NO_HEALTHY_BACKEND -> "no healthy backend";
      case CONNECT_FAILED -> "could not connect to a backend";
      case CONNECT_TIMEOUT -> "timed out connecting to a backend";
      case RESPONSE_TIMEOUT -> "the backend did not answer in time";
      case BACKEND_RESET -> "the backend closed the connection";
      case BAD_RESPONSE -> "the backend sent an invalid response";
      case BAD_REQUEST -> "malformed request";
      case AMBIGUOUS_LENGTH ->
          "ambiguous message length (Content-Length with Transfer-Encoding, or conflicting"
              + " Content-Length values)";
      case URI_TOO_LONG -> "request line too long";
      case HEADERS_TOO_LARGE -> "request headers too large or too many";
      case METHOD_NOT_SUPPORTED -> "method not supported by this proxy";
      case CLIENT_TIMEOUT -> "the request body did not arrive in time";
      case CLIENT_CLOSED -> "the client closed the connection";
    };
  }
}
