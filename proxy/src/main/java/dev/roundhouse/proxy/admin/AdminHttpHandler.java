package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one admin connection: decodes a request, dispatches it through the routes and writes the
 * answer. Reading pauses while a request is handled, so pipelined requests are answered in order.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

  private final AdminRoutes routes;

  AdminHttpHandler(AdminRoutes routes) {
    this.routes = requireNonNull(routes, "routes");
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      write(ctx, AdminResponse.text(400, "malformed HTTP request"), false, false);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = request.method().equals(HttpMethod.HEAD);
    AdminRequest adminRequest = AdminRequest.of(request, ctx.channel().remoteAddress());
    ctx.channel().config().setAutoRead(false);
    routes
        .dispatch(adminRequest)
        .whenComplete(
            (response, error) -> {
              AdminResponse answer = response;
              if (error != null || response == null) {
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                log.warn(
                    "Admin endpoint {} {} failed",
                    adminRequest.method(),
                    adminRequest.path(),
                    cause);
                answer = AdminResponse.text(500, "internal error: " + cause);
              }
              AdminResponse done = answer;
              ctx.executor().execute(() -> write(ctx, done, keepAlive, head));
            });
  }

  private static void write(
      ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive, boolean head) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
    answer.headers().forEach((name, value) -> response.headers().set(name, value));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var written = ctx.writeAndFlush(response);
    if (keepAlive) {
      written.addListener(f -> ctx.channel().config().setAutoRead(true));
    } else {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Admin connection from {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
