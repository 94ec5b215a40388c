package dev.roundhouse.proxy.forward;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A response whose end comes with its head goes to the client as one message (one buffer, one
 * write); one that streams keeps its parts, and the body counts the same either way.
 */
class ResponseStreamTest {

  private final RecordingClient client = new RecordingClient();
  private final ResponseStream stream = new ResponseStream(client, "req-1", false, false);

  @Test
  void aResponseCompleteInOneReadIsOneMessageWithItsHeadBodyAndTrailers() {
    stream.head(response(HttpResponseStatus.CREATED), false);
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.copiedBuffer("hello", US_ASCII));
    last.trailingHeaders().set("x-checksum", "abc");

    LastHttpContent end = stream.content(last);

    assertThat(client.written).isEmpty();
    assertThat(end).isInstanceOf(FullHttpResponse.class);
    FullHttpResponse whole = (FullHttpResponse) end;
    assertThat(whole.status()).isEqualTo(HttpResponseStatus.CREATED);
    assertThat(whole.headers().get("x-backend")).isEqualTo("b2");
    assertThat(whole.headers().get("x-request-id")).isEqualTo("req-1");
    assertThat(whole.content().toString(US_ASCII)).isEqualTo("hello");
    assertThat(whole.trailingHeaders().get("x-checksum")).isEqualTo("abc");
    assertThat(stream.started()).isTrue();
    assertThat(stream.bytesSent()).isEqualTo(5);
    whole.release();
  }

  @Test
  void aResponseWhoseBodyComesInLaterReadsIsStreamedHeadFirst() {
    HttpResponse head = response(HttpResponseStatus.OK);
    stream.head(head, false);
    stream.sendHead(); // the backend read that brought the head ended
    stream.content(new DefaultHttpContent(Unpooled.copiedBuffer("hel", US_ASCII)));
    LastHttpContent end =
        stream.content(new DefaultLastHttpContent(Unpooled.copiedBuffer("lo", US_ASCII)));

    assertThat(client.written).hasSize(2);
    assertThat(client.written.get(0)).isSameAs(head);
    assertThat(end).isNotInstanceOf(FullHttpResponse.class);
    assertThat(end.content().toString(US_ASCII)).isEqualTo("lo");
    assertThat(stream.bytesSent()).isEqualTo(5);
    client.written.forEach(ReferenceCountUtil::release);
    end.release();
  }

  private static HttpResponse response(HttpResponseStatus status) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 5).set("x-backend", "b2");
    return response;
  }

  /** Records what the stream writes to the client. */
  private static final class RecordingClient implements ClientLink {
    final List<HttpObject> written = new ArrayList<>();

    @Override
    public EventLoop eventLoop() {
      throw new AssertionError("ResponseStream does not call this");
    }

    @Override
    public void pumpBody() {}

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void write(HttpObject part) {
      written.add(part);
    }

    @Override
    public void flush() {}

    @Override
    public void end(LastHttpContent last, boolean keepAlive) {
      throw new AssertionError("ResponseStream does not call this");
    }

    @Override
    public long fail(FailureKind kind, String requestId, boolean head, boolean keepAlive) {
      throw new AssertionError("ResponseStream does not call this");
    }

    @Override
    public void abort() {
      throw new AssertionError("ResponseStream does not call this");
    }

    @Override
    public TunnelEnd tunnel(Tunnel tunnel) {
      throw new AssertionError("ResponseStream does not call this");
    }
  }
}
