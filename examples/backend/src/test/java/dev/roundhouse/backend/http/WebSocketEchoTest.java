package dev.roundhouse.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.Test;

/** The echo after the handshake: messages back as they came, and a drain that says going away. */
class WebSocketEchoTest {

  @Test
  void echoesTextAndBinaryMessagesAsTheyCame() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketEcho());

    channel.writeInbound(new TextWebSocketFrame("hi"));
    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));

    TextWebSocketFrame text = channel.readOutbound();
    BinaryWebSocketFrame binary = channel.readOutbound();
    assertThat(text.text()).isEqualTo("hi");
    assertThat(binary.content().readableBytes()).isEqualTo(2);
    text.release();
    binary.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void aDrainClosesWithGoingAway() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketEcho());

    channel.pipeline().fireUserEventTriggered(ExchangeHandler.DRAIN);

    CloseWebSocketFrame close = channel.readOutbound();
    assertThat(close.statusCode()).isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code());
    assertThat(channel.isOpen()).isFalse();
    close.release();
    channel.finishAndReleaseAll();
  }
}
