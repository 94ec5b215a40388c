package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.forward.ClientInfo;
import dev.roundhouse.proxy.forward.ClientSide;
import dev.roundhouse.proxy.forward.DeadlineTimer;
import dev.roundhouse.proxy.forward.ErrorResponses;
import dev.roundhouse.proxy.forward.ForwardServices;
import dev.roundhouse.proxy.forward.ProxyExchange;
import dev.roundhouse.proxy.forward.RequestIds;
import dev.roundhouse.proxy.observe.Exchange;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: runs its requests one after the other through {@link ProxyExchange}s.
 *
 * <p>Reading is explicit (auto-read is off): the connection reads while it can use what arrives,
 * and stops while an exchange is connecting, while the backend cannot take more body, or while a
 * pipelined request waits for the one before it. Messages that arrive meanwhile wait in a queue,
 * which one read bounds. When the client stops reading the response, the exchange stops reading the
 * backend. Bodies never pile up.
 *
 * <p>Between requests the connection closes after {@code timeouts.idle} of silence. {@link
 * #finishAndClose} lets a config change or shutdown close it after its request in flight.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter implements ClientSide {

  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  private final ForwardServices services;
  private final String frontend;
  private final ClientConnections registry;
  private final ArrayDeque<Object> pending = new ArrayDeque<>(4);
  private ChannelHandlerContext ctx;
  private ClientInfo client;
  private int port;
  private ProxyExchange exchange;
  private DeadlineTimer requestTimer;
  private boolean inRead;
  private boolean closeRequested;
  private boolean closing;

  /** A connection that came in on {@code frontend} and registers itself in {@code registry}. */
  public ClientConnection(ForwardServices services, String frontend, ClientConnections registry) {
    this.services = requireNonNull(services, "services");
    this.frontend = requireNonNull(frontend, "frontend");
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    InetAddress address =
        ctx.channel().remoteAddress() instanceof InetSocketAddress remote
            ? remote.getAddress()
            : InetAddress.getLoopbackAddress(); // in-memory channels in tests
    this.client = new ClientInfo(frontend, address, address.getHostAddress(), "http");
    this.port =
        ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
    this.requestTimer = new DeadlineTimer(ctx.executor());
    registry.add(this);
    services.observer().connectionOpened(frontend);
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg); // lingering after the last response: drain and drop
      return;
    }
    pending.add(msg);
    inRead = true;
    process();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inRead = false;
    if (exchange != null) {
      exchange.flushBackend();
    }
    maybeRead();
  }

  /** Hands queued messages on, as far as the current exchange can take them. */
  private void process() {
    Object msg;
    while (!closing && (msg = pending.peek()) != null) {
      if (exchange == null) {
        pending.poll();
        if (msg instanceof RejectedRequest rejected) {
          reject(rejected);
        } else if (msg instanceof HttpRequest request) {
          if (closeRequested) {
            ReferenceCountUtil.release(msg);
            close(null);
          } else {
            exchange =
                new ProxyExchange(services, this, ctx.channel(), client, request, requestTimer);
            exchange.start();
          }
        } else {
          ReferenceCountUtil.release(msg); // the rest of a request that already failed
        }
      } else if (msg instanceof HttpContent content && exchange.readyForBody()) {
        pending.poll();
        exchange.sendBody(content);
      } else {
        return;
      }
    }
  }

  /**
   * Reads when what arrives can be used: nothing is queued, and there is no exchange, or it takes
   * body now, or it has all of its request (reading then notices a client that goes away, and
   * queues at most one read of a pipelined request).
   */
  private void maybeRead() {
    if (!closing
        && pending.isEmpty()
        && (exchange == null || exchange.requestComplete() || exchange.readyForBody())) {
      ctx.read();
    }
  }

  @Override
  public void resumeRequestBody() {
    process();
    if (!inRead && exchange != null) {
      exchange.flushBackend();
    }
    maybeRead();
  }

  @Override
  public void exchangeDone(ProxyExchange done, boolean keepAlive, ChannelFuture lastWrite) {
    if (exchange == done) {
      exchange = null;
    }
    if (!keepAlive || closeRequested) {
      close(lastWrite);
      return;
    }
    if (!inRead) {
      process();
      maybeRead();
    }
  }

  private void reject(RejectedRequest rejected) {
    HttpRequest request = rejected.request();
    String requestId = RequestIds.of(request);
    log.debug("{}: rejected request: {}", ctx.channel(), rejected.detail());
    boolean head = HttpMethod.HEAD.equals(request.method());
    FullHttpResponse response =
        ErrorResponses.of(rejected.kind(), requestId, head, true, ctx.alloc());
    long bytes = response.content().readableBytes();
    ChannelFuture written = ctx.writeAndFlush(response);
    services
        .observer()
        .exchangeCompleted(
            new Exchange(
                Instant.now(),
                frontend,
                client.ip(),
                request.method().name(),
                request.uri(),
                rejected.kind().status(),
                Exchange.NO_BACKEND,
                Duration.ZERO,
                bytes,
                requestId,
                rejected.kind()));
    close(written);
  }

  /** Closes after {@code lastWrite} (if any) went out, letting the client read it first. */
  private void close(ChannelFuture lastWrite) {
    if (closing) {
      return;
    }
    closing = true;
    releasePending();
    LingeringClose.after(ctx.channel(), lastWrite);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null && ctx.channel().isWritable()) {
      exchange.clientWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      if (exchange == null) {
        log.debug("{}: idle keep-alive connection closed", ctx.channel());
        closing = true;
        ctx.close();
      } else {
        exchange.clientIdle();
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    requestTimer.stop();
    releasePending();
    registry.remove(this);
    services.observer().connectionClosed(frontend);
    if (exchange != null) {
      ProxyExchange current = exchange;
      exchange = null;
      current.clientClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("{}: {}", ctx.channel(), cause.toString()); // resets are normal client behaviour
    } else {
      log.warn("{}: unexpected error, closing the connection", ctx.channel(), cause);
    }
    ctx.close();
  }

  /**
   * Closes this connection once it has no request in flight: at once if idle, else after the
   * current response, which then says {@code Connection: close} if it has not started. Thread-safe.
   */
  public void finishAndClose() {
    ctx.executor()
        .execute(
            () -> {
              closeRequested = true;
              if (exchange == null) {
                close(null);
              } else {
                exchange.closeAfterResponse();
              }
            });
  }

  /** The local port this connection came in on (0 for in-memory channels in tests). */
  public int port() {
    return port;
  }

  /** The frontend (label) this connection came in on. */
  public String frontend() {
    return frontend;
  }

  private void releasePending() {
    Object msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
