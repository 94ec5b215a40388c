package dev.roundhouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass reader gives exactly what Netty's decoder gives for every head it reads, and leaves
 * every other head untouched for Netty's decoder: each case is decoded both ways.
 */
class PlainRequestHeadTest {

  private static final int MAX_LINE = 64;
  private static final int MAX_HEADERS = 256;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /a?b=c&d=%20 HTTP/1.1\r\nHost: a.example:8080\r\nUser-Agent: curl/8.5\r\n"
            + "Accept: */*\r\nX-Own: 1\r\nCONNECTION: keep-alive\r\nx-trace: abc\r\n\r\n",
        "HEAD /x HTTP/1.0\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "DELETE http://h/x?q=1 HTTP/1.1\r\nHost: h\r\n\r\n",
        "POST /form HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost:h\r\nX-A: \t v a l \t \r\nX-B:\r\nX-C:   \r\nX-D: a:b:c\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-Latin: caf\u00e9 \u00ff\r\nCookie: a=1; b=2\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n", // two Hosts: the checks refuse it later
        "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\n", // a next request follows
      })
  void readsAsNettysDecoderDoes(String head) {
    ByteBuf in = bytes(head);
    HttpRequest read = PlainRequestHead.read(in, MAX_LINE, MAX_HEADERS);
    HttpRequest netty = decodeWithNetty(head);

    assertThat(read).as("read in one pass").isNotNull();
    assertThat(netty.decoderResult().isSuccess()).isTrue();
    assertThat(read.method()).isSameAs(netty.method());
    assertThat(read.uri()).isEqualTo(netty.uri());
    assertThat(read.protocolVersion()).isSameAs(netty.protocolVersion());
    assertThat(fields(read)).isEqualTo(fields(netty));
    assertThat(in.toString(StandardCharsets.ISO_8859_1))
        .as("the reader index moved to the end of the head")
        .isEqualTo(head.substring(head.indexOf("\r\n\r\n") + 4));
    in.release();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: h\r\n", // not all there yet
        "GET / HTTP/1.1\r\nHost: h\n\r\n", // a bare LF
        "GET / HTTP/1.1\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", // a bare CR
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n  folded\r\n\r\n", // an obsolete line fold
        "GET / HTTP/1.1\r\nHost : h\r\n\r\n", // white space before the colon
        "GET / HTTP/1.1\r\nHost: h\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0001b\r\n\r\n", // control characters
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007fb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: \u000bb\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", // a body's framing
        "POST / HTTP/1.1\r\nHost: h\r\ncontent-LENGTH: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET /ws HTTP/1.1\r\nHost: h\r\nSec-WebSocket-Key1: 1\r\nSec-WebSocket-Key2: 2\r\n\r\n",
        "GET / http/1.1\r\nHost: h\r\n\r\n", // another spelling or version
        "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
        "GET / HTTP/1.10\r\nHost: h\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", // other separators
        "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n", // outside ASCII in the target
        "PROPFIND / HTTP/1.1\r\nHost: h\r\n\r\n", // a method Netty does not know by name
        "get / HTTP/1.1\r\nHost: h\r\n\r\n",
        "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", // an empty line first
        "GET /a-request-line-longer-than-the-sixty-four-bytes-allowed-here HTTP/1.1\r\n\r\n",
      })
  void leavesEveryOtherHeadToNettysDecoder(String head) {
    ByteBuf in = bytes(head);

    assertThat(PlainRequestHead.read(in, MAX_LINE, MAX_HEADERS)).isNull();
    assertThat(in.readerIndex()).isZero();
    in.release();
  }

  @org.junit.jupiter.api.Test
  void readsAHeaderSectionOfTheLimitWithItsLineEnds() {
    ByteBuf in = bytes(headWithFields(MAX_HEADERS));

    assertThat(PlainRequestHead.read(in, MAX_LINE, MAX_HEADERS)).isNotNull();
    assertThat(in.isReadable()).isFalse();
    in.release();
  }

  @ParameterizedTest
  @ValueSource(ints = {MAX_HEADERS + 1, MAX_HEADERS + 8})
  void leavesALargerHeaderSectionToNettysDecoder(int size) {
    ByteBuf in = bytes(headWithFields(size));

    assertThat(PlainRequestHead.read(in, MAX_LINE, MAX_HEADERS)).isNull();
    assertThat(in.readerIndex()).isZero();
    in.release();
  }

  /** A head whose header section, with each CRLF and the empty line's, is {@code size} bytes. */
  private static String headWithFields(int size) {
    return "GET / HTTP/1.1\r\nX-Pad: " + "p".repeat(size - "X-Pad: \r\n\r\n".length()) + "\r\n\r\n";
  }

  private static HttpRequest decodeWithNetty(String head) {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpRequestDecoder(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_LINE)
                    .setMaxHeaderSize(MAX_HEADERS)
                    .setHeadersFactory(HeaderList.FACTORY)));
    channel.writeInbound(bytes(head));
    HttpRequest request = channel.readInbound();
    @Nullable Object rest;
    while ((rest = channel.readInbound()) != null) {
      ReferenceCountUtil.release(rest);
    }
    channel.finishAndReleaseAll();
    return request;
  }

  private static List<String> fields(HttpRequest request) {
    List<String> fields = new ArrayList<>();
    request
        .headers()
        .iteratorCharSequence()
        .forEachRemaining(
            (Map.Entry<CharSequence, CharSequence> field) ->
                fields.add(field.getKey() + "=[" + field.getValue() + "]"));
    return fields;
  }

  private static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }
}
