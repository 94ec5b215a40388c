package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Stands between the HTTP decoder and the client connection: a request that fails {@link
 * RequestChecks} is replaced by a {@link RejectedRequest}, and everything the client sends after it
 * is dropped, since the connection will close once the rejection is answered. So a rejected request
 * never reaches a backend.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {

  private final RequestLimits limits;
  private boolean discarding;

  RequestGuard(RequestLimits limits) {
    this.limits = requireNonNull(limits, "limits");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (discarding) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      RejectedRequest rejected = RequestChecks.check(request, limits);
      if (rejected != null) {
        discarding = true;
        ReferenceCountUtil.release(msg); // a decoder failure may come as a full message
        ctx.fireChannelRead(rejected);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }
}
