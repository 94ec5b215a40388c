package dev.roundhouse.proxy.frontend;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What is wrong with a decoded request head, if anything. The decoder enforces the size limits and
 * the syntax; this adds the header count, the ambiguous-length rules that stop request smuggling,
 * the Host rule, the target's and the Host's syntax ({@link TargetSyntax}), and names each
 * problem's {@link FailureKind}.
 */
final class RequestChecks {

  private RequestChecks() {}

  /** The problem with {@code request}, or null when it may be forwarded. */
  static @Nullable RejectedRequest check(HttpRequest request, RequestLimits limits) {
    // One pass over the headers counts everything the rules below need.
    int count = 0;
    int hosts = 0;
    @Nullable String host = null;
    int lengths = 0;
    boolean lengthList = false;
    boolean transferEncoding = false;
    Iterator<Map.Entry<CharSequence, CharSequence>> headers =
        request.headers().iteratorCharSequence();
    while (headers.hasNext()) {
      Map.Entry<CharSequence, CharSequence> header = headers.next();
      CharSequence name = header.getKey();
      count++;
      if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST)) {
        hosts++;
        host = header.getValue().toString();
      } else if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH)) {
        lengths++;
        lengthList |= AsciiString.indexOf(header.getValue(), ',', 0) >= 0;
      } else if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)) {
        transferEncoding = true;
      }
    }
    // Checked first, and whatever the decoder said: an ambiguous length must never be guessed at.
    if (lengths > 0 && transferEncoding) {
      return reject(request, FailureKind.AMBIGUOUS_LENGTH, "Content-Length with Transfer-Encoding");
    }
    if (lengths > 1 || lengthList) {
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
    if (count > limits.maxHeaderCount()) {
      return reject(
          request,
          FailureKind.HEADERS_TOO_LARGE,
          count + " headers, more than " + limits.maxHeaderCount());
    }
    HttpVersion version = request.protocolVersion();
    if (version.majorVersion() != 1) {
      return reject(request, FailureKind.BAD_REQUEST, "HTTP version " + version.text());
    }
    if (spelledInAnotherCase(version)) {
      return reject(request, FailureKind.BAD_REQUEST, "protocol name not in upper case");
    }
    // RFC 9112 section 3.2: exactly one Host from HTTP/1.1 on; a later 1.x is read as 1.1
    // (RFC 9110 section 2.5), so HTTP/1.2 cannot slip past without one.
    if (hosts > 1 || hosts == 0 && version.minorVersion() >= 1) {
      return reject(request, FailureKind.BAD_REQUEST, hosts + " Host headers");
    }
    if (HttpMethod.CONNECT.equals(request.method())) {
      return reject(request, FailureKind.METHOD_NOT_SUPPORTED, "CONNECT");
    }
    @Nullable String problem = TargetSyntax.targetProblem(request.method(), request.uri());
    if (problem == null && host != null) {
      problem = TargetSyntax.hostProblem(host);
      problem = problem == null ? null : "the Host header's " + problem;
    }
    return problem == null ? null : reject(request, FailureKind.BAD_REQUEST, problem);
  }

  /**
   * Whether the request line's version was not written {@code HTTP/1.1} or {@code HTTP/1.0} but in
   * another case ({@code http/1.1}: the name is case-sensitive, RFC 9112 section 2.3). The decoder
   * upper-cases it, but it returns its shared constants only for the exact spelling, so an equal
   * version that is another instance was spelled otherwise. ({@code http/1.2} is not told from
   * {@code HTTP/1.2}, and read as 1.1 like it.)
   */
  private static boolean spelledInAnotherCase(HttpVersion version) {
    return version != HttpVersion.HTTP_1_1
        && version != HttpVersion.HTTP_1_0
        && (version.equals(HttpVersion.HTTP_1_1) || version.equals(HttpVersion.HTTP_1_0));
  }

  private static RejectedRequest reject(HttpRequest request, FailureKind kind, String detail) {
    return new RejectedRequest(kind, request, detail);
  }
}
