package dev.roundhouse.proxy;

import dev.roundhouse.proxy.pool.OffLoopResolver;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops and socket types of one {@link TransportKind}: io_uring or epoll on Linux, Java
 * NIO elsewhere. One group serves both accepting and all connections, client and backend alike, and
 * host names are looked up for them on a thread of their own ({@link #resolver()}).
 */
public final class Transport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Transport.class);

  private final TransportKind kind;
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelType;
  private final Class<? extends Channel> channelType;
  private final int threads;
  private final EventExecutor lookups =
      new DefaultEventExecutor(new DefaultThreadFactory("roundhouse-dns", true));
  private final OffLoopResolver resolver = new OffLoopResolver(lookups);

  private Transport(
      TransportKind kind,
      IoHandlerFactory handlers,
      int threads,
      Class<? extends ServerChannel> serverChannelType,
      Class<? extends Channel> channelType) {
    this.kind = kind;
    this.threads = threads;
    this.group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("roundhouse-io"), handlers);
    this.serverChannelType = serverChannelType;
    this.channelType = channelType;
  }

  /**
   * Event loops on {@code threads} threads, of {@code kind}; for {@link TransportKind#AUTO}, epoll
   * where it runs, else NIO (with why epoll does not, logged).
   *
   * @param threads the number of event loop threads, at least 1
   * @throws IllegalStateException if {@code kind} is io_uring or epoll and cannot run here, with
   *     the reason
   */
  public static Transport create(int threads, TransportKind kind) {
    if (threads < 1) {
      throw new IllegalArgumentException("at least one event loop thread is needed");
    }
    TransportKind chosen = kind == TransportKind.AUTO ? firstAvailable() : kind;
    String unavailable = chosen.unavailability();
    if (unavailable != null) {
      throw new IllegalStateException(
          "the " + chosen.flagValue() + " transport is not available here: " + unavailable);
    }
    return switch (chosen) {
      case IO_URING ->
          new Transport(
              chosen,
              IoUringIoHandler.newFactory(),
              threads,
              IoUringServerSocketChannel.class,
              IoUringSocketChannel.class);
      case EPOLL ->
          new Transport(
              chosen,
              EpollIoHandler.newFactory(),
              threads,
              EpollServerSocketChannel.class,
              EpollSocketChannel.class);
      case NIO, AUTO ->
          new Transport(
              TransportKind.NIO,
              NioIoHandler.newFactory(),
              threads,
              NioServerSocketChannel.class,
              NioSocketChannel.class);
    };
  }

  private static TransportKind firstAvailable() {
    String unavailable = TransportKind.EPOLL.unavailability();
    if (unavailable == null) {
      return TransportKind.EPOLL;
    }
    log.info("the epoll transport is not available here: {}", unavailable);
    return TransportKind.NIO;
  }

  /** Which transport these are: never {@link TransportKind#AUTO}. */
  public TransportKind kind() {
    return kind;
  }

  /** The number of event loop threads. */
  public int threads() {
    return threads;
  }

  /** The event loops. */
  public EventLoopGroup group() {
    return group;
  }

  /** The listening socket type. */
  public Class<? extends ServerChannel> serverChannelType() {
    return serverChannelType;
  }

  /** The connection socket type. */
  public Class<? extends Channel> channelType() {
    return channelType;
  }

  /**
   * Resolves host names off the event loops, for every connection made on them (to backends, and
   * for health checks): a lookup blocks.
   */
  public AddressResolverGroup<InetSocketAddress> resolver() {
    return resolver;
  }

  /** Stops the event loops without the default two-second quiet period, then the lookups. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    resolver.close();
    lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
