package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The frontend's decoder, with {@link RequestChecks}, on an in-memory channel: what passes, and
 * what is turned away.
 */
class RequestChecksTest {

  private static final RequestLimits LIMITS = new RequestLimits(100, 400, 10, 8192);

  static Stream<Arguments> rejected() {
    String longTarget = "/" + "a".repeat(200);
    StringBuilder manyHeaders = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      manyHeaders.append("X-H").append(i).append(": v\r\n");
    }
    return Stream.of(
        Arguments.of(
            "Content-Length and Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n",
            FailureKind.AMBIGUOUS_LENGTH),
        Arguments.of(
            "Transfer-Encoding then Content-Length",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                + "0\r\n\r\n",
            FailureKind.AMBIGUOUS_LENGTH),
        Arguments.of(
            "two different Content-Lengths",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            FailureKind.AMBIGUOUS_LENGTH),
        Arguments.of(
            "two equal Content-Lengths",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            FailureKind.AMBIGUOUS_LENGTH),
        Arguments.of(
            "a Content-Length list",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello!",
            FailureKind.AMBIGUOUS_LENGTH),
        Arguments.of(
            "a Transfer-Encoding not ending in chunked",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "a Transfer-Encoding of gzip alone",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "a Transfer-Encoding of identity",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "chunked twice",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "a Transfer-Encoding in HTTP/1.0",
            "POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "a Content-Length that is not a number",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "a request line over the limit",
            "GET " + longTarget + " HTTP/1.1\r\nHost: x\r\n\r\n",
            FailureKind.URI_TOO_LONG),
        Arguments.of(
            "a header section over the limit",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(500) + "\r\n\r\n",
            FailureKind.HEADERS_TOO_LARGE),
        Arguments.of(
            "more headers than the limit",
            "GET / HTTP/1.1\r\nHost: x\r\n" + manyHeaders + "\r\n",
            FailureKind.HEADERS_TOO_LARGE),
        Arguments.of(
            "HTTP/1.1 without Host",
            "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "two Host headers",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of(
            "whitespace before a header colon",
            "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            FailureKind.BAD_REQUEST),
        Arguments.of("not HTTP at all", "HELLO THERE\r\n\r\n", FailureKind.BAD_REQUEST),
        Arguments.of(
            "CONNECT",
            "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n",
            FailureKind.METHOD_NOT_SUPPORTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void turnsAwayAndDropsEverythingAfter(String name, String raw, FailureKind expected) {
    // A valid request pipelined after the bad one must not get through either.
    List<Object> out = decode(raw + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).isInstanceOf(RejectedRequest.class);
    assertThat(((RejectedRequest) out.get(0)).kind()).isEqualTo(expected);
  }

  @Test
  void aLaterReadAfterARejectionIsNotDecoded() {
    List<Object> out =
        decode("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET /next HTTP/1.1\r\n");
    assertThat(out).singleElement().isInstanceOf(RejectedRequest.class);

    out = decode("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET /ne", "xt HTTP/1.1\r\n\r\n");
    assertThat(out).singleElement().isInstanceOf(RejectedRequest.class);
  }

  @Test
  void aRequestBeforeTheRejectedOneInTheSameReadPasses() {
    List<Object> out =
        decode(
            "GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    assertThat(out).hasSize(3);
    assertThat(((HttpRequest) out.get(0)).uri()).isEqualTo("/first");
    assertThat(out.get(1)).isInstanceOf(LastHttpContent.class);
    assertThat(((RejectedRequest) out.get(2)).kind()).isEqualTo(FailureKind.BAD_REQUEST);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void letsValidRequestsThrough(String name, String raw, int bodyBytes) {
    List<Object> out = decode(raw);
    assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
    assertThat(out.get(out.size() - 1)).isInstanceOf(LastHttpContent.class);
    int body = 0;
    for (Object o : out) {
      if (o instanceof HttpContent content) {
        body += content.content().readableBytes();
      }
    }
    assertThat(body).isEqualTo(bodyBytes);
    out.forEach(ReferenceCountUtil::release);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("a GET", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 0),
        Arguments.of("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 0),
        Arguments.of(
            "a sized body", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 5),
        Arguments.of(
            "a chunked body",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            3),
        Arguments.of(
            "exactly the header count limit",
            "GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: 1\r\n".repeat(9) + "\r\n",
            0));
  }

  /** What the decoder makes of {@code reads}, the bytes of the client's reads in turn. */
  private static List<Object> decode(String... reads) {
    EmbeddedChannel channel = new EmbeddedChannel(new ClientRequestDecoder(LIMITS));
    List<Object> out = new ArrayList<>();
    for (String read : reads) {
      channel.writeInbound(Unpooled.copiedBuffer(read, StandardCharsets.ISO_8859_1));
      Object msg;
      while ((msg = channel.readInbound()) != null) {
        out.add(msg);
      }
    }
    channel.finishAndReleaseAll();
    return out;
  }
}
