package dev.roundhouse.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket server inside the test JVM, built on Netty's WebSocket codec. On {@code /ws} it
 * echoes every frame, and takes text commands: {@code id} (answers {@code backend <id>}), {@code
 * close} (sends a close frame, 1000 {@code bye}, and closes), and {@code flood <bytes>} (sends that
 * many bytes in 64 KiB binary frames, as fast as its socket takes them: {@link #flooded()} shows
 * how far it got). {@code /refuse} answers a plain 403; any other path a plain 200. It records
 * every handshake request and counts the WebSockets open.
 */
public final class WebSocketBackend implements AutoCloseable {

  private static final int MAX_FRAME = 4 << 20;
  private static final int FLOOD_FRAME = 64 << 10;
  private static final byte[] FLOOD_PATTERN = new byte[FLOOD_FRAME];
  private static final AttributeKey<Boolean> UPGRADED = AttributeKey.valueOf("ws.upgraded");

  private final String id;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final List<HttpHeaders> handshakes = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicLong flooded = new AtomicLong();
  private final Channel server;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private WebSocketBackend(String id, int port) {
    this.id = id;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(
                ChannelOption.SO_SNDBUF, 256 << 10) // fixed, as the client's receive buffer
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    channels.add(ch);
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(65536))
                        .addLast(new Gate())
                        .addLast(
                            new WebSocketServerProtocolHandler(
                                WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath("/ws")
                                    .checkStartsWith(true)
                                    .maxFramePayloadLength(MAX_FRAME)
                                    .build()))
                        .addLast(new Echo());
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .syncUninterruptibly()
            .channel();
    channels.add(server);
  }

  /** A WebSocket backend called {@code id} on a free port. */
  public static WebSocketBackend start(String id) {
    return new WebSocketBackend(id, 0);
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The headers of every request to {@code /ws} received (handshakes or not), oldest first. */
  public List<HttpHeaders> handshakes() {
    return handshakes;
  }

  /** WebSockets open now. */
  public int open() {
    return open.get();
  }

  /** WebSockets that were open and closed. */
  public int closed() {
    return closed.get();
  }

  /** Bytes of {@code flood} frames its socket took so far. */
  public long flooded() {
    return flooded.get();
  }

  /** Stops listening and closes every connection; closing again does nothing. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      TestServers.stop(server, channels, group);
    }
  }

  /** Plain HTTP for every path but {@code /ws}; records the upgrade requests. */
  private final class Gate extends SimpleChannelInboundHandler<FullHttpRequest> {
    Gate() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (request.uri().startsWith("/ws")) {
        handshakes.add(new DefaultHttpHeaders().add(request.headers()));
        ctx.fireChannelRead(request);
        return;
      }
      boolean refuse = request.uri().startsWith("/refuse");
      byte[] body =
          (refuse ? "no websockets here\n" : "backend " + id + "\n")
              .getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              refuse ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.OK,
              Unpooled.wrappedBuffer(body));
      response.headers().set("X-Backend-Id", id);
      HttpUtil.setContentLength(response, body.length);
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      request.release();
      if (keepAlive) {
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** The WebSocket: echo and commands. */
  private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
    private long floodLeft;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        ctx.channel().attr(UPGRADED).set(true);
        open.incrementAndGet();
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        String command = text.text();
        if (command.equals("id")) {
          ctx.writeAndFlush(new TextWebSocketFrame("backend " + id));
        } else if (command.equals("close")) {
          ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye"))
              .addListener(ChannelFutureListener.CLOSE);
        } else if (command.startsWith("flood ")) {
          floodLeft = Long.parseLong(command.substring(6));
          flood(ctx);
        } else {
          ctx.writeAndFlush(new TextWebSocketFrame(command));
        }
      } else if (frame instanceof BinaryWebSocketFrame binary) {
        ctx.writeAndFlush(new BinaryWebSocketFrame(binary.content().retain()));
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable() && floodLeft > 0) {
        flood(ctx);
      }
      ctx.fireChannelWritabilityChanged();
    }

    /** Writes flood frames while the socket takes them; goes on when it drains. */
    private void flood(ChannelHandlerContext ctx) {
      while (floodLeft > 0 && ctx.channel().isWritable()) {
        int size = (int) Math.min(FLOOD_FRAME, floodLeft);
        ByteBuf bytes = Unpooled.wrappedBuffer(FLOOD_PATTERN, 0, size);
        floodLeft -= size;
        long frameSize = size;
        ctx.write(new BinaryWebSocketFrame(bytes))
            .addListener(f -> flooded.addAndGet(f.isSuccess() ? frameSize : 0));
      }
      ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (Boolean.TRUE.equals(ctx.channel().attr(UPGRADED).get())) {
        open.decrementAndGet();
        closed.incrementAndGet();
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
