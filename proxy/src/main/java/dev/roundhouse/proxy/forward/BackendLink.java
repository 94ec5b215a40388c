package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.pool.ConnectionPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend connection, and everything done with it: the last handler of its pipeline (installed by
 * {@link BackendInitializer}). While an exchange uses it, it writes the request, hands the response
 * to the exchange as it arrives, reads more of it only while the client keeps up, and in the end
 * goes back to the pool or closes. A pooled connection has no exchange; anything it receives is
 * unsolicited and it is closed, and so it is when it sits idle past the idle timeout (from its
 * connect or its last release to the pool; a {@link DeadlineTimer}, so that a connection used again
 * and again schedules about one task per idle timeout, not one per request).
 *
 * <p>On a {@code 101} its exchange makes it a {@link Tunnel}'s end ({@link #tunnel}): the idle
 * timer stops and the decoder and encoder leave the pipeline, bytes go to the tunnel as they are
 * read, and the connection closes with the tunnel, never back to the pool.
 *
 * <p>All methods run on the connection's event loop, which is its exchange's.
 */
final class BackendLink extends ChannelInboundHandlerAdapter implements TunnelEnd {

  private static final Logger log = LoggerFactory.getLogger(BackendLink.class);

  private final BackendResponseDecoder decoder;
  private final Duration idleTimeout;
  private final DeferredFlush flushes;
  private final Runnable closeIfIdle = this::closeIfIdle; // one per connection, not per request
  private Channel channel;
  private DeadlineTimer idle;
  private @Nullable ProxyExchange exchange;
  private @Nullable ClientLink client;
  private @Nullable Tunnel tunnel;
  private boolean paused;

  /**
   * A link whose requests tell {@code decoder} that a response head comes next and what it answers,
   * closed when it sits in the pool (or unused after its connect) for {@code idleTimeout}, whose
   * requests go out with the others of its event loop's turn ({@code flushes}, its channel's).
   */
  BackendLink(BackendResponseDecoder decoder, Duration idleTimeout, DeferredFlush flushes) {
    this.decoder = requireNonNull(decoder, "decoder");
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    this.flushes = requireNonNull(flushes, "flushes");
  }

  /** The link of a connection set up by {@link BackendInitializer}. */
  static BackendLink of(Channel channel) {
    return requireNonNull(channel.pipeline().get(BackendLink.class), "not a backend connection");
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.channel = ctx.channel();
    this.idle = new DeadlineTimer(ctx.executor());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    idle.arm(idleTimeout, closeIfIdle); // until an exchange starts on it
    ctx.fireChannelActive();
  }

  /**
   * Starts {@code exchange} on this connection: writes the request head (and its end, when the
   * request has no more) and reads the response, which goes to {@code client} while it keeps up.
   */
  void start(ProxyExchange exchange, ClientLink client, HttpRequest request, boolean complete) {
    this.exchange = requireNonNull(exchange, "exchange");
    this.client = requireNonNull(client, "client");
    this.paused = false;
    idle.disarm();
    decoder.expect(request.method());
    if (complete && !(request instanceof FullHttpRequest)) {
      // Head and end as one message: one pass through the pipeline and the encoder, one buffer.
      channel.write(whole(request), channel.voidPromise());
    } else {
      channel.write(request, channel.voidPromise());
      if (complete) {
        channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
      }
    }
    flushes.soon(); // with the requests the loop sends its other backends this turn
    channel.read();
  }

  /** A request without a body (or with its body sent already) as one message with its end. */
  private static FullHttpRequest whole(HttpRequest request) {
    return new DefaultFullHttpRequest(
        request.protocolVersion(),
        request.method(),
        request.uri(),
        Unpooled.EMPTY_BUFFER,
        request.headers(),
        EmptyHttpHeaders.INSTANCE);
  }

  /** Whether the backend takes more (of the request body, or of a tunnel) now. */
  @Override
  public boolean writable() {
    return channel.isWritable();
  }

  /** Writes a part of the request body; flushed at once when the backend's buffer is full. */
  void send(HttpObject part) {
    channel.write(part, channel.voidPromise());
    if (!channel.isWritable()) {
      channel.flush();
    }
  }

  /** Sends what was written. */
  @Override
  public void flush() {
    channel.flush();
  }

  /** Sends what was written with the loop's other requests of this turn ({@link FlushBatch}). */
  void flushSoon() {
    flushes.soon();
  }

  /** The client drained its write buffer: read more of the response, if that was waiting. */
  void clientWritable() {
    if (paused) {
      paused = false;
      channel.read();
    }
  }

  /**
   * The exchange is done with a clean connection (a complete request and a complete keep-alive
   * response): back to {@code pool} for the next request.
   */
  void release(ConnectionPool pool) {
    unbind();
    idle.arm(idleTimeout, closeIfIdle); // first: a full pool closes it, which stops this
    pool.release(channel);
    channel.read(); // so that the pool notices when the backend closes it
  }

  private void closeIfIdle() {
    if (exchange == null && tunnel == null) {
      channel.close(); // idle in the pool past the idle timeout
    }
  }

  /** The exchange is done with this connection, and nobody may use it again. */
  void close() {
    unbind();
    idle.stop();
    channel.close();
  }

  private void unbind() {
    exchange = null;
    client = null;
  }

  /**
   * Switches this connection to a byte tunnel after its {@code 101}, which ends its exchange: from
   * now on what the backend sends goes to {@code next} as bytes.
   *
   * @return the backend's end of the tunnel
   */
  TunnelEnd tunnel(Tunnel next) {
    unbind();
    tunnel = next;
    idle.stop();
    channel.pipeline().remove(BackendInitializer.ENCODER);
    // Hands on, as bytes, what the backend sent after the 101 in the same read.
    channel.pipeline().remove(BackendInitializer.DECODER);
    return this;
  }

  // ---- the tunnel's backend end -------------------------------------------------------------

  @Override
  public void relay(ByteBuf bytes) {
    channel.write(bytes, channel.voidPromise());
  }

  @Override
  public void readMore() {
    channel.read();
  }

  @Override
  public void closeAfterRelayed() {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (tunnel != null) {
      if (msg instanceof ByteBuf bytes) {
        tunnel.fromBackend(bytes);
      } else {
        ReferenceCountUtil.release(msg); // the 101's end, decoded before the codec left
      }
      return;
    }
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

  /** After a read of the response: send it on, and read more only if the client keeps up. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (tunnel != null) {
      tunnel.backendReadComplete();
      return;
    }
    if (exchange == null) {
      return;
    }
    exchange.onResponseReadComplete();
    client.flush();
    if (client.writable()) {
      channel.read();
    } else {
      paused = true;
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null && ctx.channel().isWritable()) {
      exchange.onBackendWritable();
    } else if (tunnel != null && ctx.channel().isWritable()) {
      tunnel.backendWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    idle.stop();
    if (tunnel != null) {
      tunnel.backendClosed();
      return;
    }
    ProxyExchange current = exchange;
    unbind();
    if (current != null) {
      current.onBackendClosed();
    }
  }

  /**
   * A failed connection (a reset, most often) is over for the exchange at once, before it closes:
   * the codec takes the close that follows for the end of a body delimited by the connection's end,
   * and would hand on a cut response as complete.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ProxyExchange current = exchange;
    unbind();
    ctx.close();
    if (cause instanceof ResponseHeadCheck.InvalidResponseException invalid) {
      if (current != null) {
        current.onInvalidResponse(invalid);
      }
      return;
    }
    log.debug("{}: backend connection failed: {}", ctx.channel(), cause.toString());
    if (current != null) {
      current.onBackendClosed();
    }
  }
}
