package dev.roundhouse.proxy.frontend;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * What is wrong with a decoded request head, if anything. The decoder enforces the size limits and
 * the syntax; this adds the header count, the ambiguous-length rules that stop request smuggling,
 * and the Host rule, and names each problem's {@link FailureKind}.
 */
final class RequestChecks {

  private RequestChecks() {}

  /** The problem with {@code request}, or null when it may be forwarded. */
  static RejectedRequest check(HttpRequest request, RequestLimits limits) {
    HttpHeaders headers = request.headers();
    // Checked first, and whatever the decoder said: an ambiguous length must never be guessed at.
    if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)
        && headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return reject(request, FailureKind.AMBIGUOUS_LENGTH, "Content-Length with Transfer-Encoding");
    }
    List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (lengths.size() > 1 || lengths.size() == 1 && lengths.get(0).indexOf(',') >= 0) {
      return reject(request, FailureKind.AMBIGUOUS_LENGTH, "several Content-Length values");
    }
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        return reject(request, FailureKind.URI_TOO_LONG, cause.getMessage());
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return reject(request, FailureKind.HEADERS_TOO_LARGE, cause.getMessage());
      }
      return reject(request, FailureKind.BAD_REQUEST, String.valueOf(cause.getMessage()));
    }
    if (headers.size() > limits.maxHeaderCount()) {
      return reject(
          request,
          FailureKind.HEADERS_TOO_LARGE,
          headers.size() + " headers, more than " + limits.maxHeaderCount());
    }
    int hosts = headers.getAll(HttpHeaderNames.HOST).size();
    if (hosts > 1 || hosts == 0 && HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
      // RFC 9112 section 3.2: exactly one Host in HTTP/1.1.
      return reject(request, FailureKind.BAD_REQUEST, hosts + " Host headers");
    }
    if (HttpMethod.CONNECT.equals(request.method())) {
      return reject(request, FailureKind.METHOD_NOT_SUPPORTED, "CONNECT");
    }
    return null;
  }

  private static RejectedRequest reject(HttpRequest request, FailureKind kind, String detail) {
    return new RejectedRequest(kind, request, detail);
  }
}
