package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.forward.ClientInfo;
import dev.roundhouse.proxy.forward.ClientLink;
import dev.roundhouse.proxy.forward.DeadlineTimer;
import dev.roundhouse.proxy.forward.DeferredFlush;
import dev.roundhouse.proxy.forward.ErrorResponses;
import dev.roundhouse.proxy.forward.ForwardingContext;
import dev.roundhouse.proxy.forward.ProxyExchange;
import dev.roundhouse.proxy.forward.Tunnel;
import dev.roundhouse.proxy.forward.TunnelEnd;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.SlowClientPhase;
import dev.roundhouse.proxy.tls.TlsTermination;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, and everything done with it: it reads requests and runs them one after the
 * other through {@link ProxyExchange}s, pumps each request's body to its exchange, and does every
 * write to the client (the {@link ClientLink} its exchange uses): the response, the proxy's error
 * responses, and the close.
 *
 * <p>Reading is explicit (auto-read is off): the connection reads while it can use what arrives,
 * and stops while an exchange is connecting, while the backend cannot take more body, or while a
 * pipelined request waits for the one before it. Messages that arrive meanwhile wait in a queue,
 * which one read bounds; a read that brings more than {@link #MAX_PIPELINED} requests closes the
 * connection. When the client stops reading the response, the exchange's backend link stops reading
 * the backend. Bodies never pile up.
 *
 * <p>A request the {@link ClientRequestDecoder} turned away goes through an exchange too, which
 * answers it with its error response; the connection then closes. After a kept-alive response, the
 * next request starts in a task of its own on the event loop, not on the stack that ended the last
 * one.
 *
 * <p>It moves the {@link ClientTimer} along and answers what it reports: between requests the
 * connection closes after {@code timeouts.idle} of silence; a request head not complete within
 * {@code timeouts.requestHead} gets 408 (a slowloris client); a body that pauses longer than {@code
 * timeouts.requestBody} while the proxy reads it gets 408, or a close if the response has started.
 * {@link #finishAndClose} lets a config change or shutdown close it after its request in flight.
 *
 * <p>When the backend switches protocols ({@code 101}, a WebSocket), the exchange makes the
 * connection a {@link Tunnel}'s end ({@link #tunnel}): the decoder (with its timer) and the encoder
 * leave the pipeline, and bytes go to the tunnel as they are read. While an upgrade request waits
 * for its answer nothing is read, so that no byte of the new protocol meets the HTTP decoder. A
 * tunnel is its connection's request in flight until it closes: {@link #finishAndClose} leaves it
 * open (a reload never cuts one), and only {@link #closeTunnel} at the end of a shutdown's drain
 * ends it.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter
    implements ClientLink, TunnelEnd, RegisteredConnection {

  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  /**
   * Requests a client may pipeline ahead of the one being answered (what Netty's server codec
   * allowed): one read is decoded at once, and without a bound a read of tiny requests would queue
   * thousands.
   */
  static final int MAX_PIPELINED = 128;

  private final ForwardingContext services;
  private final String frontend;
  private final ClientConnections registry;
  private final ClientTimer timer;
  private final ClientResponseEncoder encoder;
  private final ArrayDeque<Object> pending = new ArrayDeque<>(4);
  private final Runnable takeNext = this::next; // one task object per connection, not per response
  private int waitingHeads;
  private ChannelHandlerContext ctx;
  private ClientInfo client;
  private int port;
  private @Nullable ProxyExchange exchange;
  private @Nullable Tunnel tunnel;
  private DeadlineTimer requestTimer;
  private DeferredFlush flushes;
  private boolean inRead;
  private boolean pumping;
  private boolean nextScheduled;
  private boolean closeRequested;
  private boolean closing;
  private boolean clientCloses;
  private boolean readToRequestEnd;

  /**
   * A connection that came in on {@code frontend}, registers itself in {@code registry}, is timed
   * by {@code timer}, which its decoder tells of every read, and writes its responses through
   * {@code encoder}, which it tells what each one answers.
   */
  ClientConnection(
      ForwardingContext services,
      String frontend,
      ClientConnections registry,
      ClientTimer timer,
      ClientResponseEncoder encoder) {
    this.services = requireNonNull(services, "services");
    this.frontend = requireNonNull(frontend, "frontend");
    this.registry = requireNonNull(registry, "registry");
    this.timer = requireNonNull(timer, "timer");
    this.encoder = requireNonNull(encoder, "encoder");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    InetAddress address =
        ctx.channel().remoteAddress() instanceof InetSocketAddress remote
            ? remote.getAddress()
            : InetAddress.getLoopbackAddress(); // in-memory channels in tests
    String scheme = TlsTermination.isSecure(ctx.channel()) ? "https" : "http";
    this.client = new ClientInfo(frontend, address, address.getHostAddress(), scheme);
    this.port =
        ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
    this.requestTimer = new DeadlineTimer(ctx.executor());
    this.flushes =
        new DeferredFlush(ctx.channel(), services.flushes().of(ctx.channel().eventLoop()));
    registry.add(this);
    services.observer().connectionOpened(frontend);
    ctx.read();
  }

  // ---- reading the request ------------------------------------------------------------------

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg); // lingering after the last response: drain and drop
      return;
    }
    if (tunnel != null) {
      if (msg instanceof ByteBuf bytes) {
        tunnel.fromClient(bytes);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (isHead(msg) && ++waitingHeads > MAX_PIPELINED) {
      log.debug(
          "{}: closing: more than {} pipelined requests waiting for their turn",
          ctx.channel(),
          MAX_PIPELINED);
      ReferenceCountUtil.release(msg);
      closing = true; // what the read still holds is dropped; the exchange ends with the channel
      closeNow();
      return;
    }
    pending.add(msg);
    readToRequestEnd = msg instanceof LastHttpContent;
    inRead = true;
    pump();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inRead = false;
    // A response put off this turn goes out now: if this read ended with the client's FIN, Netty
    // closes the channel right after this call, failing what was written and not flushed.
    flushes.now();
    if (tunnel != null) {
      tunnel.clientReadComplete();
      return;
    }
    pump(); // starts a request held back during the read, then flushes and reads on
  }

  @Override
  public void pumpBody() {
    pump();
  }

  /**
   * Hands queued messages on, as far as the current exchange can take them: a request head starts
   * an exchange, body goes to the exchange while it takes it. Never re-entered: an exchange that
   * asks for body while the pump runs gets it from the running pump.
   */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      Object msg;
      while (!closing && !nextScheduled && (msg = pending.peek()) != null) {
        if (exchange == null) {
          if (inRead && msg instanceof HttpRequest) {
            // Started once the whole read is decoded: body framing that is already broken in it
            // is refused before any backend sees the head (as HAProxy does).
            break;
          }
          pending.poll();
          if (isHead(msg)) {
            waitingHeads--;
          }
          startExchange(msg);
        } else if (msg instanceof HttpContent content && exchange.readyForBody()) {
          pending.poll();
          exchange.sendBody(content);
          if (exchange != null && exchange.requestComplete()) {
            timer.stop();
          }
        } else {
          break;
        }
      }
    } finally {
      pumping = false;
    }
    if (!inRead) { // else channelReadComplete flushes and reads
      if (exchange != null) {
        exchange.flushBackend();
      }
      maybeRead();
    }
  }

  private void startExchange(Object msg) {
    clientCloses = false;
    if (msg instanceof RejectedRequest rejected) {
      encoder.answering(rejected.request().method());
      log.debug("{}: rejected request: {}", ctx.channel(), rejected.detail());
      exchange = new ProxyExchange(services, this, client, rejected.request(), requestTimer);
      exchange.reject(rejected.kind());
    } else if (msg instanceof HttpRequest request) {
      encoder.answering(request.method());
      if (closeRequested) {
        ReferenceCountUtil.release(msg);
        close(null);
      } else if (malformedBodyQueued()) {
        log.debug("{}: malformed request body, refused before a backend saw it", ctx.channel());
        exchange = new ProxyExchange(services, this, client, request, requestTimer);
        exchange.reject(FailureKind.BAD_REQUEST);
      } else {
        clientCloses = !HttpUtil.isKeepAlive(request);
        exchange = new ProxyExchange(services, this, client, request, requestTimer);
        if (pending.peek() instanceof LastHttpContent end && bare(end)) {
          ReferenceCountUtil.release(pending.poll()); // no body: head and end go as one message
          exchange.endedWithHead();
          timer.stop();
        } else {
          timer.readingBody();
        }
        exchange.start();
      }
    } else {
      ReferenceCountUtil.release(msg); // the rest of a request that already failed
    }
  }

  /** Whether {@code end} is only the end of a request: no bytes, no trailers, no error. */
  private static boolean bare(LastHttpContent end) {
    return !end.content().isReadable()
        && end.trailingHeaders().isEmpty()
        && end.decoderResult().isSuccess();
  }

  /** Whether the body of the request just taken from the queue is queued with a framing error. */
  private boolean malformedBodyQueued() {
    for (Object msg : pending) {
      if (!(msg instanceof HttpContent content)) {
        return false; // the next request
      }
      if (content.decoderResult().isFailure()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads when what arrives can be used: nothing is queued, and there is no exchange, or it takes
   * body now, or it has all of its request (reading then notices a client that goes away, and
   * queues at most one read of a pipelined request) and does not wait for a protocol switch.
   */
  private void maybeRead() {
    if (!closing
        && tunnel == null
        && pending.isEmpty()
        && (exchange == null
            || exchange.requestComplete() && !exchange.upgradeOffered()
            || exchange.readyForBody())) {
      ctx.read();
    }
  }

  // ---- writing the response -----------------------------------------------------------------

  @Override
  public EventLoop eventLoop() {
    return ctx.channel().eventLoop();
  }

  @Override
  public boolean writable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void write(HttpObject part) {
    ctx.channel().write(part, ctx.channel().voidPromise());
  }

  @Override
  public void flush() {
    ctx.channel().flush();
  }

  @Override
  public void end(LastHttpContent last, boolean keepAlive) {
    Channel channel = ctx.channel();
    if (keepAlive && !closeRequested) {
      channel.write(last, channel.voidPromise());
      flushes.soon(); // with the loop's other responses
      exchangeDone(true, null);
    } else {
      exchangeDone(keepAlive, channel.writeAndFlush(last)); // closes once it is out
    }
  }

  @Override
  public long fail(FailureKind kind, String requestId, boolean head, boolean keepAlive) {
    FullHttpResponse error = ErrorResponses.of(kind, requestId, head, !keepAlive, ctx.alloc());
    long bytes = error.content().readableBytes();
    exchangeDone(keepAlive, ctx.channel().writeAndFlush(error));
    return bytes;
  }

  @Override
  public void abort() {
    exchange = null;
    closing = true;
    releasePending();
    closeNow();
  }

  @Override
  public TunnelEnd tunnel(Tunnel next) {
    exchange = null;
    tunnel = next;
    releasePending(); // nothing: the client waits for the 101 before it sends more
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.remove(FrontendInitializer.ENCODER);
    pipeline.remove(FrontendInitializer.DECODER); // hands on what it holds undecoded, as bytes
    return this;
  }

  // ---- the tunnel's client end --------------------------------------------------------------

  @Override
  public void relay(ByteBuf bytes) {
    ctx.channel().write(bytes, ctx.channel().voidPromise());
  }

  @Override
  public void readMore() {
    ctx.read();
  }

  @Override
  public void closeAfterRelayed() {
    if (!closing) {
      closing = true;
      ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * The exchange's response is out (or going out with {@code lastWrite}): take the next request in
   * a task of its own, or close after the write.
   */
  private void exchangeDone(boolean keepAlive, @Nullable ChannelFuture lastWrite) {
    exchange = null;
    if (!keepAlive || closeRequested) {
      close(lastWrite);
      return;
    }
    nextScheduled = true;
    ctx.executor().execute(takeNext);
  }

  private void next() {
    nextScheduled = false;
    if (!closing) {
      pump();
    }
    if (!closing && !nextScheduled && exchange == null && pending.isEmpty()) {
      timer.waitForRequest();
    }
  }

  /**
   * Closes after {@code lastWrite} (if any) went out, letting the client read it first. A client
   * that asked to close and whose request was read to its end sends nothing more (RFC 9112 section
   * 9.6): its connection closes at once. Any other may still be sending, and gets a lingering
   * close.
   */
  private void close(@Nullable ChannelFuture lastWrite) {
    if (closing) {
      return;
    }
    closing = true;
    if (flushes.now() && lastWrite == null) {
      // A kept-alive response written this turn: the output shuts once all of it is out.
      lastWrite = ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER);
    }
    timer.stop();
    boolean clientDone = clientCloses && readToRequestEnd && pending.isEmpty();
    releasePending();
    if (clientDone) {
      LingeringClose.withoutLinger(ctx.channel(), lastWrite);
    } else {
      LingeringClose.after(ctx.channel(), lastWrite);
    }
  }

  /**
   * Closes at once (a client that floods or idles, a failure), after a flush of what a put-off
   * flush still holds; what the socket does not take at once goes with the close.
   */
  private void closeNow() {
    flushes.now();
    ctx.channel().close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null && ctx.channel().isWritable()) {
      exchange.clientWritable();
    } else if (tunnel != null && ctx.channel().isWritable()) {
      tunnel.clientWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ClientTimeout timeout) {
      if (!closing) {
        switch (timeout) {
          case IDLE -> idleTimeout();
          case HEAD -> headTimeout();
          case BODY -> bodyTimeout();
        }
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  private void idleTimeout() {
    if (exchange == null && pending.isEmpty()) {
      log.debug("{}: no request within the idle or request-head timeout, closed", ctx.channel());
      closing = true;
      closeNow();
    }
  }

  /** A request head began but did not complete in time: 408, then close. */
  private void headTimeout() {
    if (exchange != null || !pending.isEmpty()) {
      return; // the head is in after all
    }
    services.observer().clientTimedOut(frontend, SlowClientPhase.HEAD);
    startExchange(
        new RejectedRequest(
            FailureKind.CLIENT_TIMEOUT,
            new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER),
            "request head not complete within timeouts.requestHead"));
  }

  /**
   * The body paused too long. It is the client's silence only while the proxy was reading it; while
   * the exchange connects, or holds body it has not sent, the clock starts again; a backend that
   * stopped taking the body is the exchange's to judge.
   */
  private void bodyTimeout() {
    if (exchange == null || exchange.requestComplete()) {
      return;
    }
    if (!pending.isEmpty() || !exchange.connected()) {
      timer.readingBody();
      return;
    }
    if (exchange.readyForBody()) {
      services.observer().clientTimedOut(frontend, SlowClientPhase.BODY);
    }
    exchange.clientIdle();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    requestTimer.stop();
    releasePending();
    registry.remove(this);
    services.observer().connectionClosed(frontend);
    if (tunnel != null) {
      tunnel.clientClosed();
    }
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
    if (flushes != null) { // null: failed before it was active
      closeNow();
    } else {
      ctx.close();
    }
  }

  /**
   * Closes this connection once it has no request in flight: at once if idle, else after the
   * current response, which then says {@code Connection: close} if it has not started. A tunnel is
   * left to end by itself. Thread-safe.
   */
  @Override
  public void finishAndClose() {
    ctx.executor()
        .execute(
            () -> {
              closeRequested = true;
              if (tunnel != null) {
                return; // a tunnel is in flight until it closes: a reload never cuts it
              }
              if (exchange == null) {
                close(null);
              } else {
                exchange.closeAfterResponse();
              }
            });
  }

  /** Closes the tunnel this connection carries, if it does: the shutdown's drain is over. */
  @Override
  public void closeTunnel() {
    ctx.executor()
        .execute(
            () -> {
              if (tunnel != null) {
                tunnel.shutDown();
              }
            });
  }

  /** The local port this connection came in on (0 for in-memory channels in tests). */
  @Override
  public int port() {
    return port;
  }

  /** The frontend (label) this connection came in on. */
  @Override
  public String frontend() {
    return frontend;
  }

  /** Whether {@code msg} begins a request (one the decoder let through, or one it turned away). */
  private static boolean isHead(Object msg) {
    return msg instanceof HttpRequest || msg instanceof RejectedRequest;
  }

  private void releasePending() {
    waitingHeads = 0;
    Object msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
