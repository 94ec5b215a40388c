package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.forward.ErrorResponses;
import dev.roundhouse.proxy.forward.RequestIds;
import dev.roundhouse.proxy.observe.TrafficObserver;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frontend with {@code redirectToHttps}: answers every request {@code 308 Permanent Redirect} to
 * the same host, path and query on https and the TLS frontend's port (left out when it is 443), on
 * a kept-alive connection. No request reaches a backend. 308, unlike 301, tells a client to repeat
 * the method and body, so a POST stays a POST.
 *
 * <p>Its connections are in the {@link ClientConnections} registry like forwarding ones, so that a
 * shutdown, or a reload that removes the port, closes them too: at once when idle, else when the
 * request being read has ended (its redirect went out as its head arrived).
 */
final class HttpsRedirect extends ChannelInboundHandlerAdapter implements RegisteredConnection {

  private static final Logger log = LoggerFactory.getLogger(HttpsRedirect.class);

  private final int httpsPort;
  private final String frontend;
  private final ClientTimer timer;
  private final TrafficObserver observer;
  private final ClientConnections registry;
  private @Nullable ChannelHandlerContext ctx;
  private int port;
  private boolean inBody;
  private boolean closing;
  private boolean closeRequested;

  HttpsRedirect(
      int httpsPort,
      String frontend,
      ClientTimer timer,
      TrafficObserver observer,
      ClientConnections registry) {
    this.httpsPort = httpsPort;
    this.frontend = requireNonNull(frontend, "frontend");
    this.timer = requireNonNull(timer, "timer");
    this.observer = requireNonNull(observer, "observer");
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.port =
        ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
    registry.add(this);
    observer.connectionOpened(frontend);
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    registry.remove(this);
    observer.connectionClosed(frontend);
    ctx.fireChannelInactive();
  }

  @Override
  public String frontend() {
    return frontend;
  }

  @Override
  public int port() {
    return port;
  }

  /** Closes the connection now if no request is being read, else when its end arrives. */
  @Override
  public void finishAndClose() {
    ChannelHandlerContext context = requireNonNull(ctx, "active");
    context
        .executor()
        .execute(
            () -> {
              closeRequested = true;
              if (!inBody) {
                closeAfterWrites(context);
              }
            });
  }

  /** A redirecting connection never carries a tunnel. */
  @Override
  public void closeTunnel() {}

  /** Closes once what was written has gone out. */
  private void closeAfterWrites(ChannelHandlerContext ctx) {
    if (!closing) {
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (closing) {
        return;
      }
      if (msg instanceof RejectedRequest rejected) {
        closing = true;
        boolean head = HttpMethod.HEAD.equals(rejected.request().method());
        ctx.writeAndFlush(
                ErrorResponses.of(
                    rejected.kind(), RequestIds.of(rejected.request()), head, true, ctx.alloc()))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      if (msg instanceof HttpRequest request) {
        timer.readingBody();
        inBody = true;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        FullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.PERMANENT_REDIRECT, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, location(ctx, request));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        if (!keepAlive) {
          closing = true;
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
          return;
        }
        ctx.writeAndFlush(response);
      }
      if (msg instanceof LastHttpContent && inBody) {
        inBody = false;
        if (closeRequested) {
          closeAfterWrites(ctx);
        } else {
          timer.waitForRequest();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!closing) {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ClientTimeout) {
      log.debug("{}: client timed out, closed", ctx.channel());
      closing = true;
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  /** {@code https://} the request's host, the TLS port, the request's path and query. */
  String location(ChannelHandlerContext ctx, HttpRequest request) {
    String target = request.uri();
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (!target.startsWith("/") && !HttpMethod.OPTIONS.equals(request.method())) {
      try { // absolute-form: its authority wins over Host (RFC 9112, 3.2.2)
        URI uri = new URI(target);
        if (uri.getRawAuthority() != null) {
          host = uri.getRawAuthority();
        }
        target =
            (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      } catch (URISyntaxException e) {
        target = "/";
      }
    } else if (!target.startsWith("/")) {
      target = "/";
    }
    if (host == null || host.isBlank()) {
      host =
          ctx.channel().localAddress() instanceof InetSocketAddress local
              ? local.getAddress().getHostAddress()
              : "localhost";
      if (host.contains(":")) {
        host = "[" + host + "]";
      }
    }
    return "https://"
        + withoutPort(host.strip())
        + (httpsPort == 443 ? "" : ":" + httpsPort)
        + target;
  }

  /** {@code example.com:8080} to {@code example.com}; {@code [::1]:8080} to {@code [::1]}. */
  static String withoutPort(String host) {
    int colon = host.lastIndexOf(':');
    int bracket = host.lastIndexOf(']');
    return colon > bracket && (bracket >= 0 || host.indexOf(':') == colon)
        ? host.substring(0, colon)
        : host;
  }
}
