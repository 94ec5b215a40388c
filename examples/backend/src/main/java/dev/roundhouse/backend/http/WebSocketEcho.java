package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * {@code /ws} once its handshake is done: first a text message saying which backend answered (the
 * body of {@code GET /}), then every text and binary message echoed back as it came, a ping
 * answered with a pong, and a close with a close. Like the HTTP exchanges it reads only as fast as
 * the client takes the echo. A drain (SIGTERM) ends it with close code 1001, going away.
 */
final class WebSocketEcho extends ChannelInboundHandlerAdapter {

  private boolean closing;

  /** The handshake's response went out: send {@code greeting}, and start reading. */
  void start(ChannelHandlerContext ctx, ByteBuf greeting) {
    ctx.writeAndFlush(new TextWebSocketFrame(requireNonNull(greeting, "greeting")));
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof CloseWebSocketFrame close) {
      closeWith(ctx, new CloseWebSocketFrame(close.statusCode(), close.reasonText()));
      close.release();
    } else if (msg instanceof PingWebSocketFrame ping) {
      ctx.write(new PongWebSocketFrame(ping.content()));
    } else if (msg instanceof WebSocketFrame frame && !(msg instanceof PongWebSocketFrame)) {
      ctx.write(frame); // text, binary and continuation frames, as they came
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    if (!closing && ctx.channel().isWritable()) {
      ctx.read();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!closing && ctx.channel().isWritable()) {
      ctx.read();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ExchangeHandler.DRAIN) {
      closeWith(ctx, new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE));
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      System.err.println("backend: closing a WebSocket after an error: " + cause);
    }
    closing = true;
    ctx.close();
  }

  private void closeWith(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
    if (closing) {
      close.release();
      return;
    }
    closing = true;
    ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
  }
}
