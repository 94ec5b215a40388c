package dev.roundhouse.proxy;

import dev.roundhouse.proxy.pool.OffLoopResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops and socket types of one {@link TransportKind}: io_uring or epoll on Linux, Java
 * NIO elsewhere. One group serves both accepting and all connections, client and backend alike, and
 * host names are looked up for them on a thread of their own, not on the loops (a lookup blocks).
 * Connections are made and accepted with {@link #connecting()} and {@link #listening()}.
 *
 * <p><b>io_uring reads from a ring of buffers.</b> Without one, Netty's io_uring channels learn
 * that a socket is readable from a multishot poll, which reports each change once. Netty 4.2.18
 * drops such a report when it comes while a read is in flight, and a read that returns a peer's
 * last bytes does not report the close or reset behind them. With auto-read off, as the proxy runs,
 * the next {@code read()} then waited for a report that had come and gone: a backend that sent its
 * last bytes and reset the connection at once left the client waiting for the end of its response
 * (about one try in ten; {@code FailureHandlingIT}). With a ring of buffers, Netty reads without
 * polling first: each {@code read()} submits a receive that the kernel completes when bytes, an end
 * or an error arrive, whenever that was. (Netty's other remedy, one-shot polls, cured that but left
 * a socket open when a read was asked for while a close waited for its last write.)
 */
public final class Transport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Transport.class);

  /** The id of each io_uring event loop's ring of read buffers ({@link #readRing()}). */
  private static final short READ_RING = 1;

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
              IoUringIoHandler.newFactory(
                  new IoUringIoHandlerConfig().setBufferRingConfig(readRing())),
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

  /**
   * Each io_uring event loop's ring of read buffers, which the kernel fills as bytes arrive: up to
   * 256 buffers, 32 at first and more when the kernel runs short, each sized by Netty's adaptive
   * allocator (4 KiB at first, 1-64 KiB as the reads go). A buffer handed on is replaced at once
   * from the pooled allocator, so buffers the proxy still holds do not empty the ring.
   */
  private static IoUringBufferRingConfig readRing() {
    return IoUringBufferRingConfig.builder()
        .bufferGroupId(READ_RING)
        .bufferRingSize((short) 256)
        .batchSize(32)
        .allocator(new IoUringAdaptiveBufferRingAllocator())
        .build();
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

  /**
   * A bootstrap for listening on these event loops, with what the connections it accepts need here:
   * on io_uring, reads from the loop's ring of buffers (see the class comment). The caller adds its
   * options and handlers, and binds.
   */
  public ServerBootstrap listening() {
    ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(serverChannelType);
    if (kind == TransportKind.IO_URING) {
      bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, READ_RING);
    }
    return bootstrap;
  }

  /**
   * A bootstrap for connections made from these event loops (to backends, and for health checks),
   * with their type, the resolver that looks host names up off the loops, and on io_uring reads
   * from the loop's ring of buffers. The caller adds the loop, its options and handler, and
   * connects.
   */
  public Bootstrap connecting() {
    Bootstrap bootstrap = new Bootstrap().channel(channelType).resolver(resolver);
    if (kind == TransportKind.IO_URING) {
      bootstrap.option(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, READ_RING);
    }
    return bootstrap;
  }

  /** Stops the event loops without the default two-second quiet period, then the lookups. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    resolver.close();
    lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
