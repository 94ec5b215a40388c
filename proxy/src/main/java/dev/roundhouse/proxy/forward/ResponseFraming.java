package dev.roundhouse.proxy.forward;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * How a backend's final response head goes to the client: its headers rewritten, its body framed
 * for the client's HTTP version, and whether the client connection stays open after it.
 */
final class ResponseFraming {

  private ResponseFraming() {}

  /**
   * Prepares {@code response} for the client.
   *
   * @param head whether it answers a HEAD request (no body, whatever the headers say)
   * @param http10 whether the client spoke HTTP/1.0
   * @param close whether the client connection closes after this response anyway
   * @return whether the client connection closes after this response
   */
  static boolean prepare(
      HttpResponse response, String requestId, boolean head, boolean http10, boolean close) {
    int code = response.status().code();
    boolean bodiless = head || code == 204 || code == 304;
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    boolean delimitedByClose = !chunked && !HttpUtil.isContentLengthSet(response);
    HeaderRewriter.rewriteResponse(response, requestId);
    if (http10) {
      // HTTP/1.0 has no Transfer-Encoding (RFC 9112, 6.1), not even on a bodiless response; a
      // body without a length ends with the connection.
      response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      close |= !bodiless && (delimitedByClose || chunked);
    } else if (!bodiless && delimitedByClose) {
      // The backend ends its body by closing; the client keeps its connection, so chunk it.
      HttpUtil.setTransferEncodingChunked(response, true);
    }
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return close;
  }
}
