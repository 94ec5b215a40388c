package dev.roundhouse.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client on Netty's WebSocket codec: connects and completes the handshake, sends text
 * and binary frames, queues the text frames it gets and counts (and checksums) the binary bytes,
 * and can stop reading to play a slow reader. Its socket's receive buffer is fixed at 256 KiB.
 */
public final class WebSocketClient implements AutoCloseable {

  private static final int MAX_FRAME = 4 << 20;

  private final EventLoopGroup ownGroup;
  private final Channel channel;
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final AtomicLong binaryBytes = new AtomicLong();
  private final CRC32 binaryCrc = new CRC32();
  private final AtomicInteger closeStatus = new AtomicInteger(-1);

  private WebSocketClient(
      EventLoopGroup ownGroup,
      EventLoopGroup group,
      int port,
      String path,
      @Nullable SslContext tls)
      throws Exception {
    this.ownGroup = ownGroup;
    URI uri = URI.create((tls == null ? "ws://127.0.0.1:" : "wss://localhost:") + port + path);
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .maxFramePayloadLength(MAX_FRAME)
            .handleCloseFrames(false)
            .sendCloseFrame(null) // close() closes the connection, nothing more
            .handshakeTimeoutMillis(30_000)
            .build();
    Promise<Void> handshake = group.next().newPromise();
    this.channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            // A fixed receive buffer (no autotuning, which grows to tens of MiB on loopback): a
            // client that stops reading holds little in its kernel, and the backpressure shows.
            .option(ChannelOption.SO_RCVBUF, 256 << 10)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port));
                    }
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(65536))
                        .addLast(new WebSocketClientProtocolHandler(config))
                        .addLast(new Collector(handshake));
                  }
                })
            .connect(InetAddress.getLoopbackAddress(), port)
            .sync()
            .channel();
    handshake.await(30, TimeUnit.SECONDS);
    if (!handshake.isSuccess()) {
      channel.close();
      throw new IllegalStateException("WebSocket handshake failed", handshake.cause());
    }
  }

  /** Connects to {@code path} on {@code port} of 127.0.0.1, on an event loop of its own. */
  public static WebSocketClient connect(int port, String path) throws Exception {
    return connect(port, path, null);
  }

  /**
   * Connects to {@code path} on {@code port} of 127.0.0.1 over TLS with {@code tls} (a client
   * context; the server's name is checked as {@code localhost}), or in the clear when it is null.
   */
  public static WebSocketClient connect(int port, String path, @Nullable SslContext tls)
      throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      return new WebSocketClient(group, group, port, path, tls);
    } catch (Exception | Error e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Connects on {@code group}, which the caller closes. */
  public static WebSocketClient connect(EventLoopGroup group, int port, String path)
      throws Exception {
    return new WebSocketClient(null, group, port, path, null);
  }

  /** Sends a text frame. */
  public void send(String text) {
    channel.writeAndFlush(new TextWebSocketFrame(text));
  }

  /** Sends a binary frame. */
  public void send(byte[] binary) {
    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(binary)));
  }

  /** The next text frame received, waiting up to {@code timeout}; null if none came. */
  public String nextText(Duration timeout) throws InterruptedException {
    return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends {@code text} and returns the frame that answers it (30 s at most; null if none). */
  public String exchange(String text) throws InterruptedException {
    send(text);
    return nextText(Duration.ofSeconds(30));
  }

  /** Binary payload bytes received so far. */
  public long binaryBytes() {
    return binaryBytes.get();
  }

  /** The CRC-32 of every binary payload byte received so far, in order. */
  public long binaryCrc() {
    synchronized (binaryCrc) {
      return binaryCrc.getValue();
    }
  }

  /** Stops reading: what the server sends piles up in the socket buffers, and back. */
  public void pauseReading() {
    channel.config().setAutoRead(false);
  }

  /** Reads again. */
  public void resumeReading() {
    channel.config().setAutoRead(true);
  }

  /** Whether the connection is open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  /** The status of the close frame the server sent; -1 before one came. */
  public int closeStatus() {
    return closeStatus.get();
  }

  /** Sends a close frame (1000) and waits for the server to close the connection. */
  public void closeNormally() {
    channel.writeAndFlush(new CloseWebSocketFrame(1000, "done"));
    channel.closeFuture().awaitUninterruptibly(30, TimeUnit.SECONDS);
  }

  /** Closes the connection at once, without a close frame. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private final class Collector extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Promise<Void> handshake;

    Collector(Promise<Void> handshake) {
      this.handshake = handshake;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.trySuccess(null);
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        texts.add(text.text());
      } else if (frame instanceof BinaryWebSocketFrame binary) {
        ByteBuf content = binary.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        synchronized (binaryCrc) {
          binaryCrc.update(bytes);
        }
        binaryBytes.addAndGet(bytes.length);
      } else if (frame instanceof CloseWebSocketFrame close) {
        closeStatus.set(close.statusCode()); // the server closes the connection (RFC 6455 7.1.1)
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      handshake.tryFailure(new IllegalStateException("closed before the handshake completed"));
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.tryFailure(cause);
      ctx.close();
    }
  }
}
