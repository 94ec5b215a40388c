package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * Turns the first thing a backend sends back into a verdict: its status line, a decoding error, or
 * the connection closing first. Everything after the status line is released unread.
 */
final class ProbeResponseHandler extends ChannelInboundHandlerAdapter {

  private final CompletableFuture<ProbeVerdict> verdict;

  ProbeResponseHandler(CompletableFuture<ProbeVerdict> verdict) {
    this.verdict = requireNonNull(verdict, "verdict");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse response) {
        if (response.decoderResult().isFailure()) {
          verdict.complete(
              ProbeVerdict.failed(
                  "invalid HTTP response: " + response.decoderResult().cause().getMessage()));
        } else {
          verdict.complete(ProbeVerdict.of(response.status().code()));
        }
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    verdict.complete(ProbeVerdict.failed("connection closed before a response"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    verdict.complete(ProbeVerdict.failed(ProbeVerdict.describe(cause, null)));
    ctx.close();
  }
}
