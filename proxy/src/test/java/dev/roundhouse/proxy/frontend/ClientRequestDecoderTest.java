package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.http.HeaderList;
import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientRequestDecoderTest {

  private static final String REQUEST =
      "GET /a HTTP/1.1\r\nHost: h\r\nUser-Agent: curl/8\r\naccept-encoding: gzip\r\n"
          + "X-Own: 1\r\nCONNECTION: keep-alive\r\n\r\n";

  private final EmbeddedChannel channel =
      new EmbeddedChannel(new ClientRequestDecoder(RequestLimits.DEFAULTS));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void commonNamesAreSharedConstantsAndEveryNameKeepsItsSpelling() {
    List<CharSequence> first = names(receive(REQUEST));
    List<CharSequence> second = names(receive(REQUEST));

    assertThat(first)
        .map(CharSequence::toString)
        .containsExactly("Host", "User-Agent", "accept-encoding", "X-Own", "CONNECTION");
    assertThat(second)
        .map(CharSequence::toString)
        .isEqualTo(first.stream().map(String::valueOf).toList());
    assertThat(first.get(1)).isSameAs(second.get(1));
    assertThat(first.get(2)).isSameAs(second.get(2));
    assertThat(first.get(3)).as("not a known name: read as sent").isNotSameAs(second.get(3));
    assertThat(first.get(4)).as("a spelling the table does not hold").isNotSameAs(second.get(4));
  }

  @Test
  void headersAndTrailersAreHeaderLists() {
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\n",
            StandardCharsets.US_ASCII));

    HttpRequest request = channel.readInbound();
    LastHttpContent end = channel.readInbound();
    assertThat(request.headers()).isInstanceOf(HeaderList.class);
    assertThat(end.trailingHeaders()).isInstanceOf(HeaderList.class);
    assertThat(end.trailingHeaders().get("X-T")).isEqualTo("1");
    end.release();
  }

  @Test
  void aBadNameStillFailsTheRequest() {
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "GET / HTTP/1.1\r\nHost: h\r\nUser Agent: x\r\n\r\n", StandardCharsets.US_ASCII));

    RejectedRequest rejected = channel.readInbound();
    assertThat(rejected.kind()).isEqualTo(FailureKind.BAD_REQUEST);
    assertThat(rejected.request().decoderResult().isFailure()).isTrue();
  }

  @Test
  void aNameTheDecoderDoesNotKnowIsCheckedByItAndABadOneFailsTheRequest() {
    for (String bad : List.of("X-Bad@Name", "X-Ctl\u0001", "Host\u007f", "(comment)")) {
      EmbeddedChannel fresh = new EmbeddedChannel(new ClientRequestDecoder(RequestLimits.DEFAULTS));
      fresh.writeInbound(
          Unpooled.copiedBuffer(
              "GET / HTTP/1.1\r\nHost: h\r\n" + bad + ": 1\r\n\r\n", StandardCharsets.ISO_8859_1));
      RejectedRequest rejected = fresh.readInbound();
      assertThat(rejected.kind()).as(bad).isEqualTo(FailureKind.BAD_REQUEST);
      fresh.finishAndReleaseAll();
    }
    HttpRequest good =
        receive("GET / HTTP/1.1\r\nHost: h\r\nX-Fine_Name.1~!#$%&'*+^`|: ok\r\n\r\n");
    assertThat(good.decoderResult().isSuccess()).isTrue();
    assertThat(good.headers().get("x-fine_name.1~!#$%&'*+^`|")).isEqualTo("ok");
  }

  @Test
  void aTrailerWithABadNameFailsTheRequestsEnd() {
    send(
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: 1\r\n\r\n");

    HttpRequest request = channel.readInbound();
    assertThat(request.decoderResult().isSuccess()).isTrue();
    LastHttpContent end = channel.readInbound();
    assertThat(end.decoderResult().isFailure()).isTrue();
    end.release();
  }

  @Test
  void aBodyThatLooksLikeARequestIsReadAsTheBodyItIs() {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";
    send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: " + smuggled.length() + "\r\n\r\n");
    send(smuggled);
    send("GET /next HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(receivedUris()).containsExactly("/upload", "/next");
  }

  @Test
  void requestsWithAndWithoutBodiesDecodeInOrderWholeOrAByteAtATime() {
    String requests =
        "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n";
    send(requests);
    for (char c : requests.toCharArray()) { // one byte per read
      send(String.valueOf(c));
    }

    assertThat(receivedUris()).containsExactly("/1", "/2", "/3", "/1", "/2", "/3");
  }

  private void send(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
  }

  /** The targets of the requests received, each request read to its end. */
  private List<String> receivedUris() {
    List<String> uris = new ArrayList<>();
    Object message;
    while ((message = channel.readInbound()) != null) {
      if (message instanceof HttpRequest request) {
        assertThat(request.decoderResult().isSuccess()).isTrue();
        uris.add(request.uri());
      }
      ReferenceCountUtil.release(message);
    }
    return uris;
  }

  private HttpRequest receive(String bytes) {
    send(bytes);
    HttpRequest request = channel.readInbound();
    Object end;
    while ((end = channel.readInbound()) != null) {
      ReferenceCountUtil.release(end);
    }
    return request;
  }

  private static List<CharSequence> names(HttpRequest request) {
    List<CharSequence> names = new ArrayList<>();
    request
        .headers()
        .iteratorCharSequence()
        .forEachRemaining((Map.Entry<CharSequence, CharSequence> e) -> names.add(e.getKey()));
    return names;
  }
}
