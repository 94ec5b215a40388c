package dev.roundhouse.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * An HTTP backend inside the test JVM, for checks that need to look inside the backend: it records
 * every request it gets (method, target, headers) and counts connections. It answers like the
 * example backend: {@code X-Backend-Id}, {@code /health}, and the query parameters {@code delay}
 * (milliseconds), {@code status} and {@code size} (a body of that many bytes of {@link
 * #patternByte}); a POST or PUT body is echoed as it arrives, after a {@code 100 Continue} if the
 * request expects one.
 */
public final class TestBackend implements AutoCloseable {

  /** A request as the backend received it. */
  public record Received(String method, String uri, HttpHeaders headers) {}

  private final String id;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Channel server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long delayMillis;
  private volatile IntSupplier status = () -> 200;

  private final SSLContext tls;
  private final String host;

  private TestBackend(String id, int port, SSLContext tls) {
    this(id, InetAddress.getLoopbackAddress(), port, tls);
  }

  private TestBackend(String id, InetAddress host, int port, SSLContext tls) {
    this.id = id;
    this.host = host.getHostAddress();
    this.tls = tls;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    connections.incrementAndGet();
                    channels.add(ch);
                    if (tls != null) {
                      SSLEngine engine = tls.createSSLEngine();
                      engine.setUseClientMode(false);
                      ch.pipeline().addLast(new SslHandler(engine));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new ChunkedWriteHandler())
                        .addLast(new Handler());
                  }
                })
            .bind(new InetSocketAddress(host, port))
            .syncUninterruptibly()
            .channel();
    channels.add(server);
  }

  /** A backend called {@code id} on a free port. */
  public static TestBackend start(String id) {
    return new TestBackend(id, 0, null);
  }

  /** A backend called {@code id} on {@code port}. */
  public static TestBackend start(String id, int port) {
    return new TestBackend(id, port, null);
  }

  /**
   * A backend called {@code id} on {@code host} (a loopback address such as 127.0.0.2, as pods have
   * addresses of their own) and {@code port}.
   */
  public static TestBackend start(String id, String host, int port) {
    try {
      return new TestBackend(id, InetAddress.getByName(host), port, null);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(host, e);
    }
  }

  /** A backend called {@code id} on a free port, speaking HTTPS with {@code tls}. */
  public static TestBackend startTls(String id, SSLContext tls) {
    return new TestBackend(id, 0, tls);
  }

  /** Answers every later request after {@code delay}, unless it asks for its own delay. */
  public void setDelay(Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  /**
   * Answers every later request (but {@code /health}) with the status {@code status} gives, unless
   * it asks for its own.
   */
  public void setStatus(IntSupplier status) {
    this.status = status;
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** {@code http://127.0.0.1:port}, or {@code https://...} for a TLS backend. */
  public String url() {
    return (tls == null ? "http" : "https") + "://" + host + ":" + port();
  }

  /** Its id, sent as {@code X-Backend-Id}. */
  public String id() {
    return id;
  }

  /** Requests received so far. */
  public int requests() {
    return received.size();
  }

  /** Every request received, oldest first. */
  public List<Received> received() {
    return received;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Requests received and not answered yet. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The byte at {@code offset} of a {@code size} body: a pattern no shift of it repeats. */
  public static byte patternByte(long offset) {
    return (byte) ((offset * 31 + (offset >>> 13)) & 0xff);
  }

  /** Stops listening and closes every connection; closing again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      TestServers.stop(server, channels, group);
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private boolean echoing;

    Handler() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest request) {
        received.add(
            new Received(
                request.method().name(),
                request.uri(),
                new DefaultHttpHeaders().add(request.headers())));
        inFlight.incrementAndGet();
        echoing =
            request.method().equals(HttpMethod.POST) || request.method().equals(HttpMethod.PUT);
        if (echoing) {
          if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
          }
          startEcho(ctx, request);
        } else {
          QueryStringDecoder query = new QueryStringDecoder(request.uri());
          boolean health = query.path().equals("/health");
          long delay = longParam(query, "delay", health ? 0 : delayMillis);
          boolean head = request.method().equals(HttpMethod.HEAD);
          boolean keepAlive = HttpUtil.isKeepAlive(request);
          Runnable respond = () -> respond(ctx, query, head, keepAlive);
          if (delay > 0) {
            ctx.executor().schedule(respond, delay, TimeUnit.MILLISECONDS);
          } else {
            respond.run();
          }
        }
      }
      if (msg instanceof HttpContent content) {
        if (echoing) {
          boolean last = content instanceof LastHttpContent;
          ctx.writeAndFlush(last ? content : content.retainedDuplicate());
          if (!last) {
            content.release();
          } else {
            inFlight.decrementAndGet();
            echoing = false;
          }
          if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
          }
        } else {
          content.release();
        }
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
    }

    private void startEcho(ChannelHandlerContext ctx, HttpRequest request) {
      HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      response.headers().set("X-Backend-Id", id);
      if (HttpUtil.isContentLengthSet(request)) {
        HttpUtil.setContentLength(response, HttpUtil.getContentLength(request));
      } else {
        HttpUtil.setTransferEncodingChunked(response, true);
      }
      ctx.write(response);
    }

    private void respond(
        ChannelHandlerContext ctx, QueryStringDecoder query, boolean head, boolean keepAlive) {
      boolean health = query.path().equals("/health");
      int status =
          (int) longParam(query, "status", health ? 200 : TestBackend.this.status.getAsInt());
      long size = longParam(query, "size", -1);
      inFlight.decrementAndGet();
      if (size >= 0) {
        HttpResponse response =
            new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        response.headers().set("X-Backend-Id", id);
        HttpUtil.setContentLength(response, size);
        ctx.write(response);
        if (head) {
          ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
          ctx.writeAndFlush(new HttpChunkedInput(new Pattern(size)));
        }
        return;
      }
      String text =
          query.path().equals("/health") ? "ok\n" : "backend " + id + " " + query.path() + "\n";
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status),
              head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
      response.headers().set("X-Backend-Id", id);
      if (status != 204 && status != 304) {
        HttpUtil.setContentLength(response, bytes.length);
      }
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(f -> ctx.close());
      } else {
        ctx.writeAndFlush(response);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static long longParam(QueryStringDecoder query, String name, long fallback) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? fallback : Long.parseLong(values.get(0));
  }

  /** {@code size} bytes of {@link #patternByte}, produced as they are sent. */
  private static final class Pattern implements ChunkedInput<ByteBuf> {
    private final long size;
    private long offset;

    Pattern(long size) {
      this.size = size;
    }

    @Override
    public boolean isEndOfInput() {
      return offset >= size;
    }

    @Override
    public void close() {}

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
      return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
      if (isEndOfInput()) {
        return null;
      }
      int n = (int) Math.min(65536, size - offset);
      byte[] bytes = new byte[n];
      for (int i = 0; i < n; i++) {
        bytes[i] = patternByte(offset + i);
      }
      offset += n;
      // One bulk write: with paranoid leak detection every buffer call records a stack trace.
      return allocator.buffer(n).writeBytes(bytes);
    }

    @Override
    public long length() {
      return size;
    }

    @Override
    public long progress() {
      return offset;
    }
  }
}
