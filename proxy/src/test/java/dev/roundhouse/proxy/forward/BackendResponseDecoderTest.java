package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backend's response decoder reads what each request's response holds, and nothing more. */
class BackendResponseDecoderTest {

  private final BackendResponseDecoder decoder =
      new BackendResponseDecoder(BackendInitializer.decoding());
  private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void theResponseToAHeadHasNoBodyWhateverItsLengthSays() {
    decoder.expect(HttpMethod.HEAD);
    receive("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    HttpResponse head = channel.readInbound();
    assertThat(head.headers().get("content-length")).isEqualTo("5");
    assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);

    decoder.expect(HttpMethod.GET); // the next request on the connection: its body is read
    receive("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(200);
    assertThat(body()).isEqualTo("hello");
  }

  @Test
  void theAnswersToAHeadAndA304KeepTheirTransferEncodingAndA204LosesIt() {
    decoder.expect(HttpMethod.HEAD);
    receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    HttpResponse head = channel.readInbound();
    assertThat(head.headers().getAll("transfer-encoding")).containsExactly("chunked");
    assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);

    decoder.expect(HttpMethod.GET);
    receive("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\nETag: \"a\"\r\n\r\n");
    HttpResponse notModified = channel.readInbound();
    assertThat(notModified.headers().getAll("transfer-encoding")).containsExactly("chunked");
    ReferenceCountUtil.release(channel.readInbound());

    decoder.expect(HttpMethod.GET); // a 204 must not carry one (RFC 9112, 6.1)
    receive("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n");
    HttpResponse noContent = channel.readInbound();
    assertThat(noContent.headers().contains("transfer-encoding")).isFalse();
    ReferenceCountUtil.release(channel.readInbound());

    decoder.expect(HttpMethod.GET); // the connection is still in step: a chunked body is read
    receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(200);
    assertThat(body()).isEqualTo("hello");
  }

  @Test
  void anInterimResponseBeforeTheHeadsFinalOneIsReadAsInterim() {
    decoder.expect(HttpMethod.HEAD);
    receive("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(100);
    ReferenceCountUtil.release(channel.readInbound()); // the interim head's end
    assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(200);
    assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  @Test
  void commonNamesAreSharedConstantsAndEveryNameKeepsItsSpelling() {
    decoder.expect(HttpMethod.GET);
    receive(
        "HTTP/1.1 204 No Content\r\nServer: nginx\r\ncontent-type: text/plain\r\nX-Own: 1\r\n\r\n");
    HttpResponse first = channel.readInbound();
    ReferenceCountUtil.release(channel.readInbound());
    receive(
        "HTTP/1.1 204 No Content\r\nServer: nginx\r\ncontent-type: text/plain\r\nX-Own: 1\r\n\r\n");
    HttpResponse second = channel.readInbound();
    ReferenceCountUtil.release(channel.readInbound());

    assertThat(names(first)).containsExactly("Server", "content-type", "X-Own");
    assertThat(names(second)).containsExactly("Server", "content-type", "X-Own");
    assertThat(name(first, 0)).isSameAs(name(second, 0));
    assertThat(name(first, 1)).isSameAs(name(second, 1));
    assertThat(name(first, 2)).isNotSameAs(name(second, 2)); // not a known one: read as sent
  }

  @Test
  void theStatusLinesCommonWordsAreSharedAndOthersReadAsSent() {
    decoder.expect(HttpMethod.GET);
    for (String line :
        List.of(
            "HTTP/1.1 200 OK",
            "HTTP/1.1 404 Not Found",
            "HTTP/1.0 299 Okay",
            "HTTP/1.1 599 OK",
            "HTTP/1.1 600 Beyond",
            "HTTP/1.1 199 Below")) {
      receive(line + "\r\nContent-Length: 0\r\n\r\n");
      HttpResponse response = channel.readInbound();
      ReferenceCountUtil.release(channel.readInbound());
      assertThat(response.decoderResult().isSuccess()).as(line).isTrue();
      assertThat(response.protocolVersion() + " " + response.status()).isEqualTo(line);
    }

    byte[] line = "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
    assertThat(decoder.splitFirstWordInitialLine(line, 0, 8))
        .isSameAs(decoder.splitFirstWordInitialLine(line.clone(), 0, 8));
    assertThat(decoder.splitSecondWordInitialLine(line, 9, 3))
        .isEqualTo("200")
        .isSameAs(decoder.splitSecondWordInitialLine(line.clone(), 9, 3));
    assertThat(decoder.splitThirdWordInitialLine(line, 13, 2))
        .isSameAs(decoder.splitThirdWordInitialLine(line.clone(), 13, 2));
  }

  @Test
  void aHeadWithALineWithoutAColonIsRefusedAndNothingOfItOrAfterItIsDecoded() {
    decoder.expect(HttpMethod.GET);
    receive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(200);
    assertThat(body()).isEqualTo("ok");

    decoder.expect(HttpMethod.GET);
    assertThatThrownBy(() -> receive("HTTP/1.1 200 OK\r\nFoo bar\r\nContent-Length: 0\r\n\r\n"))
        .isInstanceOf(ResponseHeadCheck.InvalidResponseException.class)
        .hasMessage("a header line without a colon");
    assertThat((Object) channel.readInbound()).as("nothing of the refused head").isNull();

    ByteBuf later = Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\n", StandardCharsets.US_ASCII);
    decoder.expect(HttpMethod.GET);
    channel.writeInbound(later);
    assertThat((Object) channel.readInbound()).as("nothing after it").isNull();
    assertThat(later.refCnt()).as("what came after is released").isZero();
  }

  @Test
  void aNameThatIsNotATokenFailsTheResponseWhereverItStands() {
    for (String head :
        List.of(
            "HTTP/1.1 200 OK\r\nX-Bad@Name: 1\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Bad\u0001: 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\n: no name\r\nContent-Length: 0\r\n\r\n")) {
      EmbeddedChannel fresh =
          new EmbeddedChannel(new BackendResponseDecoder(BackendInitializer.decoding()));
      fresh.pipeline().get(BackendResponseDecoder.class).expect(HttpMethod.GET);
      fresh.writeInbound(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
      HttpResponse response = fresh.readInbound();
      assertThat(response.decoderResult().isFailure()).as(head).isTrue();
      assertThat(response.decoderResult().cause())
          .as(head)
          .isInstanceOf(IllegalArgumentException.class);
      fresh.finishAndReleaseAll();
    }
    // and a trailer's name: the same check
    decoder.expect(HttpMethod.GET);
    receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad@Trailer: 1\r\n\r\n");
    assertThat(((HttpResponse) channel.readInbound()).decoderResult().isSuccess()).isTrue();
    LastHttpContent end = channel.readInbound();
    assertThat(end.decoderResult().isFailure()).isTrue();
    end.release();
  }

  @Test
  void theBytesAfterA101InTheSameReadAreNotChecked() {
    decoder.expect(HttpMethod.GET);
    receive(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\nraw bytes\r\nno colon\r\n");

    assertThat(((HttpResponse) channel.readInbound()).status().code()).isEqualTo(101);
    StringBuilder after = new StringBuilder();
    Object part;
    while ((part = channel.readInbound()) != null) {
      ByteBuf bytes = part instanceof HttpContent content ? content.content() : (ByteBuf) part;
      after.append(bytes.toString(StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(part);
    }
    assertThat(after)
        .as("the new protocol's bytes, passed on")
        .hasToString("raw bytes\r\nno colon\r\n");
  }

  private void receive(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
  }

  private String body() {
    StringBuilder text = new StringBuilder();
    Object part;
    while ((part = channel.readInbound()) != null) {
      text.append(((HttpContent) part).content().toString(StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(part);
    }
    return text.toString();
  }

  private static List<String> names(HttpResponse response) {
    List<String> names = new ArrayList<>();
    response
        .headers()
        .iteratorCharSequence()
        .forEachRemaining(e -> names.add(e.getKey().toString()));
    return names;
  }

  private static CharSequence name(HttpResponse response, int index) {
    Iterator<Map.Entry<CharSequence, CharSequence>> entries =
        response.headers().iteratorCharSequence();
    for (int i = 0; i < index; i++) {
      entries.next();
    }
    return entries.next().getKey();
  }
}
