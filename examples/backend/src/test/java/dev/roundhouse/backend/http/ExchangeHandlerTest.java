package dev.roundhouse.backend.http;

import static dev.roundhouse.backend.http.ChannelHarness.body;
import static dev.roundhouse.backend.http.ChannelHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExchangeHandlerTest {

  @Test
  void identityNamesTheBackendAndWhatItReceived() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/a/b?c=d", "X-Forwarded-For: 10.0.0.1", "X-Request-Id: r-1"));
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(200);
      assertThat(response.headers().get("X-Backend-Id")).isEqualTo("7");
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE))
          .isEqualTo("application/json");
      String body = body(response);
      assertThat(body)
          .isEqualTo(
              "{\"id\":\"7\",\"port\":0,\"method\":\"GET\",\"path\":\"/a/b?c=d\","
                  + "\"xForwardedFor\":\"10.0.0.1\",\"xRequestId\":\"r-1\"}\n");
      response.release();
      assertThat(harness.state.served()).isEqualTo(1);
      assertThat(harness.state.inFlight()).isZero();
      assertThat(harness.logLines).containsExactly("GET /a/b?c=d 200 " + body.length());
    }
  }

  @Test
  void identityReportsAbsentHeadersAsNullAndEscapesThePath() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/q\"x"));
      FullHttpResponse response = harness.single();
      assertThat(body(response))
          .contains("\"path\":\"/q\\\"x\"")
          .contains("\"xForwardedFor\":null,\"xRequestId\":null");
      response.release();
    }
  }

  @Test
  void healthFlipsWithTheAdminSwitchAndIsNotCounted() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/health"));
      assertStatusAndBody(harness.single(), 200, "ok");
      harness.send(get("/admin/health?status=down"));
      assertStatusAndBody(harness.single(), 200, "{\"id\":\"7\",\"healthy\":false}\n");
      harness.send(get("/health"));
      assertStatusAndBody(harness.single(), 503, "down");
      harness.send(get("/admin/health?status=up"));
      harness.single().release();
      harness.send(get("/health"));
      assertStatusAndBody(harness.single(), 200, "ok");
      harness.send(get("/admin/health?status=sideways"));
      assertStatusAndBody(
          harness.single(), 400, "bad query parameter: status \"sideways\" must be up or down\n");
      assertThat(harness.state.served()).isZero();
    }
  }

  @Test
  void statsCountServedRequestsOnly() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/") + get("/x") + get("/health") + get("/admin/stats"));
      List<FullHttpResponse> responses = harness.responses();
      assertThat(responses).hasSize(4);
      assertStatusAndBody(
          responses.get(3), 200, "{\"id\":\"7\",\"requests\":2,\"inFlight\":0,\"healthy\":true}\n");
      responses.subList(0, 3).forEach(FullHttpResponse::release);
    }
  }

  @Test
  void unknownAdminPathIs404AndNotCounted() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/admin/nope"));
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(404);
      response.release();
      assertThat(harness.state.served()).isZero();
    }
  }

  @Test
  void statusSwitchChangesTheStatusAndKeepsTheBody() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/?status=503"));
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(503);
      assertThat(body(response)).contains("\"id\":\"7\"");
      response.release();

      harness.send(get("/?status=204"));
      assertThat(harness.raw())
          .startsWith("HTTP/1.1 204 No Content\r\n")
          .doesNotContainIgnoringCase("content-length")
          .endsWith("\r\n\r\n");
    }
  }

  @Test
  void badSwitchesAre400WithTheReason() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/?delay=soon") + get("/?status=99") + get("/?size=-1"));
      List<FullHttpResponse> responses = harness.responses();
      assertThat(responses).extracting(r -> r.status().code()).containsExactly(400, 400, 400);
      assertThat(body(responses.get(0))).contains("delay \"soon\" is not a duration");
      assertThat(body(responses.get(1))).contains("status \"99\" is not a status code");
      assertThat(body(responses.get(2))).contains("size \"-1\" is not a byte count");
      responses.forEach(FullHttpResponse::release);
    }
  }

  @Test
  void sizeAnswersExactlyThatManyPatternBytes() {
    try (ChannelHarness harness = new ChannelHarness()) {
      int size = 200_003;
      harness.send(get("/?size=" + size));
      FullHttpResponse response = harness.single();
      assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(size);
      ByteBuf content = response.content();
      assertThat(content.readableBytes()).isEqualTo(size);
      for (int i = 0; i < size; i++) {
        assertThat(content.getByte(i)).as("byte %d", i).isEqualTo(PatternBody.byteAt(i));
      }
      response.release();
      assertThat(harness.logLines).containsExactly("GET /?size=" + size + " 200 " + size);
    }
  }

  @Test
  void headAnswersTheLengthWithoutABody() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send("HEAD /?size=1000 HTTP/1.1\r\nHost: t\r\n\r\n" + get("/after"));
      // HttpResponseDecoder cannot know the first answer was to a HEAD: read the raw bytes.
      ByteBuf out = harness.channel.readOutbound();
      String raw = out.toString(StandardCharsets.ISO_8859_1);
      out.release();
      assertThat(raw)
          .startsWith("HTTP/1.1 200 OK")
          .contains("content-length: 1000")
          .endsWith("\r\n\r\n");
      FullHttpResponse next = harness.single();
      assertThat(body(next)).contains("\"path\":\"/after\"");
      next.release();
    }
  }

  @Test
  void postedBodyIsEchoedWithItsLength() {
    try (ChannelHarness harness = new ChannelHarness()) {
      byte[] payload = new byte[300_000];
      new Random(1).nextBytes(payload);
      String head =
          "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-test\r\n"
              + "Content-Length: "
              + payload.length
              + "\r\n\r\n";
      harness.send(head);
      harness.send(Unpooled.wrappedBuffer(payload, 0, 100_000));
      harness.send(Unpooled.wrappedBuffer(payload, 100_000, 200_000));
      FullHttpResponse response = harness.single();
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("300000");
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE))
          .isEqualTo("application/x-test");
      assertThat(ByteBufBytes.of(response.content())).isEqualTo(payload);
      response.release();
      assertThat(harness.state.served()).isEqualTo(1);
    }
  }

  @Test
  void digestAnswersTheLengthAndSha256OfTheUpload() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(
          "POST /up?digest=sha256 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n");
      FullHttpResponse response = harness.single();
      assertThat(body(response))
          .isEqualTo(
              "{\"id\":\"7\",\"bytes\":5,\"sha256\":"
                  + "\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"}\n");
      response.release();
      assertThat(harness.state.served()).isEqualTo(1);
    }
  }

  @Test
  void chunkedUploadIsEchoedChunked() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(
          "PUT /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      assertThat(harness.raw())
          .contains("transfer-encoding: chunked\r\n")
          .endsWith("\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    }
  }

  @Test
  void delayHoldsTheAnswerWithoutBlocking() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/?delay=300ms"));
      assertThat(harness.responses()).isEmpty();
      assertThat(harness.state.inFlight()).isEqualTo(1);
      harness.advance(299);
      assertThat(harness.responses()).isEmpty();
      harness.advance(1);
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(200);
      response.release();
      assertThat(harness.state.inFlight()).isZero();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderBehindADelay() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/first?delay=1s") + get("/second"));
      assertThat(harness.responses()).isEmpty();
      harness.advance(1000);
      List<FullHttpResponse> responses = harness.responses();
      assertThat(responses)
          .extracting(ChannelHarness::body)
          .satisfiesExactly(
              first -> assertThat(first).contains("/first"),
              second -> assertThat(second).contains("/second"));
      responses.forEach(FullHttpResponse::release);
    }
  }

  @Test
  void delayedEchoStillEchoesTheWholeBody() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send("POST /?delay=2s HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nab");
      harness.send("cde");
      assertThat(harness.responses()).isEmpty();
      harness.advance(2000);
      FullHttpResponse response = harness.single();
      assertThat(body(response)).isEqualTo("abcde");
      response.release();
    }
  }

  @Test
  void malformedRequestIs400AndClosesTheConnection() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(400);
      assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      response.release();
      assertThat(harness.channel.isOpen()).isFalse();
      assertThat(harness.state.served()).isZero();
    }
  }

  @Test
  void overlongRequestLineIs414AndHugeHeadersAre431() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/" + "a".repeat(BackendChannelInitializer.MAX_INITIAL_LINE + 1)));
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(414);
      response.release();
    }
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/", "X-Big: " + "b".repeat(BackendChannelInitializer.MAX_HEADER_SIZE + 1)));
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(431);
      response.release();
    }
  }

  @Test
  void connectionCloseRequestClosesAfterTheAnswer() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/", "Connection: close"));
      FullHttpResponse response = harness.single();
      assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      response.release();
      assertThat(harness.channel.isOpen()).isFalse();
    }
  }

  @Test
  void http10KeepAliveIsHonoured() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      FullHttpResponse response = harness.single();
      assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("keep-alive");
      response.release();
      assertThat(harness.channel.isOpen()).isTrue();
    }
  }

  @Test
  void drainClosesAnIdleConnectionAtOnce() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.channel.pipeline().fireUserEventTriggered(ExchangeHandler.DRAIN);
      assertThat(harness.channel.isOpen()).isFalse();
    }
  }

  @Test
  void drainLetsTheRequestInFlightFinishThenCloses() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/?delay=500ms"));
      harness.state.startDraining();
      harness.channel.pipeline().fireUserEventTriggered(ExchangeHandler.DRAIN);
      assertThat(harness.channel.isOpen()).isTrue();
      harness.advance(500);
      FullHttpResponse response = harness.single();
      assertThat(response.status().code()).isEqualTo(200);
      assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      response.release();
      assertThat(harness.channel.isOpen()).isFalse();
    }
  }

  @Test
  void closingMidDelayReleasesTheInFlightCount() {
    try (ChannelHarness harness = new ChannelHarness()) {
      harness.send(get("/?delay=5s"));
      assertThat(harness.state.inFlight()).isEqualTo(1);
      harness.channel.close();
      assertThat(harness.state.inFlight()).isZero();
      harness.advance(5000);
      assertThat(harness.responses()).isEmpty();
    }
  }

  private static void assertStatusAndBody(FullHttpResponse response, int status, String body) {
    try {
      assertThat(response.status().code()).isEqualTo(status);
      assertThat(body(response)).isEqualTo(body);
    } finally {
      response.release();
    }
  }

  /** Copies a buffer's readable bytes. */
  private static final class ByteBufBytes {
    static byte[] of(ByteBuf buf) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.getBytes(buf.readerIndex(), bytes);
      return bytes;
    }
  }
}
