package dev.roundhouse.backend.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Builds response heads (and whole small responses) with the framing HTTP/1.1 asks for: a
 * Content-Length whenever it is known, chunked otherwise, no body for HEAD, 204 and 304.
 */
final class ResponseHeads {

  private ResponseHeads() {}

  /** Whether a response with this status never has a body. */
  static boolean bodiless(int status) {
    return status == 204 || status == 304;
  }

  /** Whether the echo of {@code request} can only end by closing (HTTP/1.0, no length). */
  static boolean echoEndsByClose(HttpRequest request) {
    return !HttpUtil.isContentLengthSet(request)
        && !request.protocolVersion().equals(HttpVersion.HTTP_1_1);
  }

  /** The head of an echo: the request's length and type, or chunked when it had no length. */
  static HttpResponse echo(HttpRequest request, int status) {
    HttpResponse head =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    HttpHeaders headers = head.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, Responses.echoContentType(request));
    if (HttpUtil.isContentLengthSet(request)) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, HttpUtil.getContentLength(request));
    } else if (!echoEndsByClose(request)) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return head;
  }

  /** The head of a {@code size=} body. */
  static HttpResponse sized(int status, long size) {
    HttpResponse head =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, Responses.OCTETS)
        .set(HttpHeaderNames.CONTENT_LENGTH, size);
    return head;
  }

  /**
   * A whole response. Takes ownership of {@code body}; drops it for HEAD, 204 and 304, where the
   * Content-Length still says what a GET would have received ({@code length}).
   */
  static FullHttpResponse full(
      HttpRequest request, int status, CharSequence type, ByteBuf body, long length) {
    boolean withBody = hasBody(request, status);
    if (!withBody) {
      body.release();
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            withBody ? body : Unpooled.EMPTY_BUFFER);
    if (!bodiless(status)) {
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, type)
          .set(HttpHeaderNames.CONTENT_LENGTH, length);
    }
    return response;
  }

  /** Whether the answer to {@code request} with {@code status} carries body bytes. */
  static boolean hasBody(HttpRequest request, int status) {
    return !bodiless(status) && !request.method().equals(HttpMethod.HEAD);
  }

  /** The headers every answer carries: who answered, and whether the connection stays open. */
  static void common(
      HttpHeaders headers, AsciiString backendId, HttpRequest request, boolean close) {
    headers.set(Responses.X_BACKEND_ID, backendId);
    if (close) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!request.protocolVersion().isKeepAliveDefault()) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  /** A whole response that closes the connection after it, for malformed requests. */
  static FullHttpResponse closing(Answer answer, AsciiString backendId) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()), answer.body());
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .set(HttpHeaderNames.CONTENT_LENGTH, answer.body().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(Responses.X_BACKEND_ID, backendId);
    return response;
  }
}
