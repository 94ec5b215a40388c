package dev.roundhouse.proxy.forward;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Set;

/**
 * Whether a request may be sent a second time after its bytes may have reached a backend: its
 * method is idempotent (RFC 9110 section 9.2.2), so repeating it changes nothing more than sending
 * it once, and it has no body, so the proxy still has all of it.
 */
final class Idempotency {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.TRACE,
          HttpMethod.PUT,
          HttpMethod.DELETE);

  private Idempotency() {}

  /** Whether a request of {@code method}, with a body or not ({@link #bodiless}), may be resent. */
  static boolean replayable(HttpMethod method, boolean bodiless) {
    return bodiless && IDEMPOTENT.contains(method);
  }

  /** Whether the request has no body: neither chunked nor a non-zero Content-Length. */
  static boolean bodiless(HttpRequest request) {
    return !HttpUtil.isTransferEncodingChunked(request)
        && HttpUtil.getContentLength(request, 0L) == 0L;
  }
}
