package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.backend.http.RequestPlan.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Answers the requests of one connection, one exchange at a time, in order.
 *
 * <p>The channel runs with auto-read off: this handler asks for more bytes only when it can use
 * them (it is not waiting out a delay or streaming a response) and the channel is writable. So an
 * echoed upload is read exactly as fast as the client takes the echo, and a pipelined request
 * waits, parked in the backlog, until the answer before it is complete.
 *
 * <p>A {@code /ws} WebSocket upgrade is its last exchange: after the handshake's 101 a {@link
 * WebSocketEcho} takes its place in the pipeline.
 */
public final class ExchangeHandler extends ChannelInboundHandlerAdapter {

  /** The user event that starts a graceful close: finish the current exchange, then close. */
  public static final Object DRAIN = new Object();

  private enum Phase {
    /** Waiting for a request head. */
    IDLE,
    /** Reading and dropping a request body; the answer comes after its last byte. */
    DISCARDING,
    /** An echo waits out its delay; the body stays parked. */
    ECHO_WAITING,
    /** Copying the request body into the response as it arrives. */
    ECHOING,
    /** The request is read; the answer is delayed or still streaming. */
    RESPONDING,
    /** The connection is closing; everything read is dropped. */
    CLOSING
  }

  private final ServerState state;
  private final RequestLog log;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>(4);
  private Phase phase = Phase.IDLE;
  private boolean resuming;
  private boolean closeAfterExchange;
  private int localPort;
  private ScheduledFuture<?> timer;

  private HttpRequest request;
  private RequestPlan plan;
  private long startNanos;
  private long bodyBytes;
  private int status;
  private boolean inFlight;
  private ReceivedBody received;

  /** Creates the handler of one connection. */
  public ExchangeHandler(ServerState state, RequestLog log) {
    this.state = requireNonNull(state, "state");
    this.log = requireNonNull(log, "log");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (ctx.channel().localAddress() instanceof InetSocketAddress address) {
      localPort = address.getPort();
    }
    if (state.draining()) {
      ctx.close();
      return;
    }
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (phase == Phase.CLOSING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    backlog.add(msg);
    resume(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    readIfReady(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    readIfReady(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt != DRAIN) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    closeAfterExchange = true;
    if (phase == Phase.IDLE && backlog.isEmpty()) {
      phase = Phase.CLOSING;
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    phase = Phase.CLOSING;
    if (timer != null) {
      timer.cancel(false);
    }
    releaseBacklog();
    if (inFlight) {
      inFlight = false;
      state.requestFinished();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      System.err.println(
          "backend " + state.id() + ": closing a connection after an error: " + cause);
    }
    phase = Phase.CLOSING;
    ctx.close();
  }

  /** Feeds parked messages to the current phase for as long as it can take them. */
  private void resume(ChannelHandlerContext ctx) {
    if (resuming) {
      return;
    }
    resuming = true;
    try {
      while (consuming() && !backlog.isEmpty()) {
        dispatch(ctx, backlog.poll());
      }
    } finally {
      resuming = false;
    }
  }

  private boolean consuming() {
    return phase == Phase.IDLE || phase == Phase.DISCARDING || phase == Phase.ECHOING;
  }

  private void readIfReady(ChannelHandlerContext ctx) {
    if (consuming() && backlog.isEmpty() && ctx.channel().isWritable()) {
      ctx.read();
    }
  }

  /** After a timer or a write completion: continue with what is parked, and read on. */
  private void continueAfterAsync(ChannelHandlerContext ctx) {
    resume(ctx);
    ctx.flush();
    readIfReady(ctx);
  }

  private void dispatch(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest head) {
      startExchange(ctx, head);
    }
    if (msg instanceof HttpContent content) {
      onContent(ctx, content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startExchange(ChannelHandlerContext ctx, HttpRequest head) {
    if (phase != Phase.IDLE || head.decoderResult().isFailure()) {
      reject(ctx, head, head.decoderResult().cause());
      return;
    }
    request = head;
    plan = RequestPlan.of(head);
    received = plan.route() == Route.DIGEST ? new ReceivedBody() : null;
    startNanos = System.nanoTime();
    bodyBytes = 0;
    status = 200;
    if (plan.route().counted()) {
      inFlight = true;
      state.requestStarted();
    }
    if (!HttpUtil.isKeepAlive(head)) {
      closeAfterExchange = true;
    }
    if (plan.route() != Route.ECHO || ResponseHeads.bodiless(plan.status())) {
      phase = Phase.DISCARDING;
    } else if (plan.delay().isZero()) {
      startEcho(ctx);
    } else {
      phase = Phase.ECHO_WAITING;
      schedule(ctx, () -> startEcho(ctx));
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    if (content.decoderResult().isFailure() && phase != Phase.CLOSING) {
      content.release();
      if (phase == Phase.DISCARDING) {
        reject(ctx, request, content.decoderResult().cause());
      } else {
        phase = Phase.CLOSING;
        ctx.close();
      }
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (phase == Phase.ECHOING) {
      echo(ctx, content, last);
      return;
    }
    if (received != null && phase == Phase.DISCARDING) {
      received.update(content.content());
    }
    content.release();
    if (phase == Phase.DISCARDING && last) {
      if (plan.delay().isZero()) {
        respond(ctx);
      } else {
        phase = Phase.RESPONDING;
        schedule(ctx, () -> respond(ctx));
      }
    }
  }

  private void schedule(ChannelHandlerContext ctx, Runnable action) {
    long nanos = plan.delay().toNanos();
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  timer = null;
                  if (phase != Phase.CLOSING) {
                    action.run();
                    continueAfterAsync(ctx);
                  }
                },
                nanos,
                TimeUnit.NANOSECONDS);
  }

  private void startEcho(ChannelHandlerContext ctx) {
    status = plan.status() == 0 ? 200 : plan.status();
    if (ResponseHeads.echoEndsByClose(request)) {
      closeAfterExchange = true;
    }
    HttpResponse head = ResponseHeads.echo(request, status);
    commonHeaders(head.headers());
    ctx.write(head);
    phase = Phase.ECHOING;
  }

  private void echo(ChannelHandlerContext ctx, HttpContent content, boolean last) {
    ByteBuf bytes = content.content();
    bodyBytes += bytes.readableBytes();
    if (!last) {
      ctx.write(content);
      return;
    }
    if (bytes.isReadable()) {
      ctx.write(new DefaultHttpContent(bytes)); // drops any request trailers, keeps the bytes
    } else {
      content.release();
    }
    finishExchange(ctx, ctx.write(LastHttpContent.EMPTY_LAST_CONTENT));
  }

  private void respond(ChannelHandlerContext ctx) {
    if (plan.route() == Route.SIZED) {
      respondSized(ctx);
      return;
    }
    if (plan.route() == Route.WEBSOCKET) {
      upgrade(ctx);
      return;
    }
    Answer answer = Answer.to(plan, request, received, state, localPort, ctx.alloc());
    ByteBuf body = answer.body();
    sendFull(ctx, answer.status(), answer.contentType(), body, body.readableBytes());
  }

  private void respondSized(ChannelHandlerContext ctx) {
    status = plan.status() == 0 ? 200 : plan.status();
    if (!ResponseHeads.hasBody(request, status)) {
      sendFull(ctx, status, Responses.OCTETS, Unpooled.EMPTY_BUFFER, plan.size());
      return;
    }
    phase = Phase.RESPONDING;
    HttpResponse head = ResponseHeads.sized(status, plan.size());
    commonHeaders(head.headers());
    ctx.write(head);
    ctx.writeAndFlush(new HttpChunkedInput(new PatternBody(plan.size())))
        .addListener(
            (ChannelFutureListener)
                done -> {
                  if (!done.isSuccess()) {
                    phase = Phase.CLOSING;
                    ctx.close();
                    return;
                  }
                  bodyBytes = plan.size();
                  finishExchange(ctx, done);
                  continueAfterAsync(ctx);
                });
  }

  /**
   * {@code /ws}: the WebSocket handshake's 101 (with {@code X-Backend-Id}), after which a {@link
   * WebSocketEcho} has the connection in this handler's place; a version the handshake does not
   * speak gets 426 with the one it does, a request it cannot take a 400, and the connection closes.
   */
  private void upgrade(ChannelHandlerContext ctx) {
    String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory("ws://" + host + "/ws", null, false)
            .newHandshaker(request);
    if (handshaker == null) {
      status = 426;
      closeAfterExchange = true;
      finishExchange(
          ctx, WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel()));
      return;
    }
    FullHttpRequest full =
        new DefaultFullHttpRequest(
            request.protocolVersion(),
            request.method(),
            request.uri(),
            Unpooled.EMPTY_BUFFER,
            request.headers(),
            EmptyHttpHeaders.INSTANCE);
    HttpHeaders backendId =
        new DefaultHttpHeaders().set(Responses.X_BACKEND_ID, state.idHeaderValue());
    WebSocketEcho echo = new WebSocketEcho();
    ctx.pipeline().addAfter(ctx.name(), "websocket", echo);
    ChannelFuture handshake;
    try {
      handshake = handshaker.handshake(ctx.channel(), full, backendId, ctx.channel().newPromise());
    } catch (WebSocketServerHandshakeException e) {
      ctx.pipeline().remove(echo);
      closeAfterExchange = true;
      ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), e.getMessage() + "\n");
      sendFull(ctx, 400, Responses.TEXT, body, body.readableBytes());
      return;
    }
    ByteBuf greeting = Responses.identity(ctx.alloc(), state.id(), localPort, request);
    ChannelHandlerContext echoContext = ctx.pipeline().context(echo);
    status = 101;
    recordExchange();
    phase = Phase.CLOSING; // the connection is the echo's from here
    releaseBacklog();
    ctx.pipeline().remove(this);
    handshake.addListener(
        done -> {
          if (done.isSuccess()) {
            echo.start(echoContext, greeting);
          } else {
            greeting.release();
            echoContext.close();
          }
        });
  }

  /** Writes a whole response; {@code length} is its Content-Length (a HEAD's exceeds its body). */
  private void sendFull(
      ChannelHandlerContext ctx, int code, CharSequence type, ByteBuf body, long length) {
    status = code;
    bodyBytes = ResponseHeads.hasBody(request, code) ? length : 0;
    FullHttpResponse response = ResponseHeads.full(request, code, type, body, length);
    commonHeaders(response.headers());
    finishExchange(ctx, ctx.write(response));
  }

  private void commonHeaders(HttpHeaders headers) {
    ResponseHeads.common(
        headers, state.idHeaderValue(), request, closeAfterExchange || state.draining());
  }

  /** The answer is fully written (or queued): log it, and get ready for the next request. */
  private void finishExchange(ChannelHandlerContext ctx, ChannelFuture lastWrite) {
    recordExchange();
    if (closeAfterExchange || state.draining()) {
      phase = Phase.CLOSING;
      releaseBacklog();
      lastWrite.addListener(ChannelFutureListener.CLOSE);
    } else {
      phase = Phase.IDLE;
    }
  }

  /** Logs the exchange and counts it as finished. */
  private void recordExchange() {
    log.record(
        request.method().name(), request.uri(), status, bodyBytes, System.nanoTime() - startNanos);
    if (inFlight) {
      inFlight = false;
      state.requestFinished();
    }
    request = null;
    plan = null;
    received = null;
  }

  /** Answers a request the codec could not parse (or one out of order), then closes. */
  private void reject(ChannelHandlerContext ctx, HttpRequest head, Throwable cause) {
    Answer answer = Answer.malformed(cause, ctx.alloc());
    log.record(head.method().name(), head.uri(), answer.status(), answer.body().readableBytes(), 0);
    phase = Phase.CLOSING;
    releaseBacklog();
    ctx.writeAndFlush(ResponseHeads.closing(answer, state.idHeaderValue()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void releaseBacklog() {
    Object msg;
    while ((msg = backlog.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
