package dev.roundhouse.proxy.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a backend connection: hands what the backend sends to the exchange using the
 * connection, if any. A pooled connection has none; anything it receives is unsolicited and it is
 * closed, and so it is when it sits idle past the idle timeout.
 */
final class ResponseRelay extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ResponseRelay.class);

  private ProxyExchange exchange;

  void bind(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  void unbind() {
    this.exchange = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null) {
      ReferenceCountUtil.release(msg);
      log.debug("{}: data on an idle backend connection, closing it", ctx.channel());
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse response) {
      exchange.onResponseHead(response);
    }
    if (msg instanceof HttpContent content) {
      if (exchange != null) {
        exchange.onResponseContent(content);
      } else {
        content.release();
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.onBackendReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null && ctx.channel().isWritable()) {
      exchange.onBackendWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ProxyExchange current = exchange;
    exchange = null;
    if (current != null) {
      current.onBackendClosed();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && exchange == null) {
      ctx.close(); // idle in the pool past the idle timeout
    }
    ReferenceCountUtil.release(event);
  }

  /**
   * A failed connection (a reset, most often) is over for the exchange at once, before it closes:
   * the codec takes the close that follows for the end of a body delimited by the connection's end,
   * and would hand on a cut response as complete.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: backend connection failed: {}", ctx.channel(), cause.toString());
    ProxyExchange current = exchange;
    exchange = null;
    ctx.close();
    if (current != null) {
      current.onBackendClosed();
    }
  }
}
