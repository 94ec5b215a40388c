package dev.roundhouse.backend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.backend.http.BackendChannelInitializer;
import dev.roundhouse.backend.http.ExchangeHandler;
import dev.roundhouse.backend.http.RequestLog;
import dev.roundhouse.backend.http.ServerState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket and its event loops. Started once, stopped once.
 *
 * <p>Stopping is graceful: the listener closes first, idle connections close at once, and busy ones
 * close as soon as their current response is written, within a bound.
 */
public final class BackendServer {

  private final BackendOptions options;
  private final ServerState state;
  private final Transport transport;
  private final EventLoopGroup loops;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final BackendChannelInitializer initializer;
  private Channel listener;

  /** Creates a server for {@code options}; nothing is bound until {@link #start()}. */
  public BackendServer(BackendOptions options, ServerState state, RequestLog log) {
    this.options = requireNonNull(options, "options");
    this.state = requireNonNull(state, "state");
    this.transport = Transport.best();
    this.loops = new MultiThreadIoEventLoopGroup(options.threads(), transport.ioHandlers());
    this.initializer =
        new BackendChannelInitializer(state, requireNonNull(log, "log"), connections);
  }

  /**
   * Binds the port and starts accepting.
   *
   * @return the port bound (the one asked for, or the one picked for port 0)
   * @throws ListenException when the address cannot be bound (the event loops are shut down then)
   */
  public int start() throws InterruptedException, ListenException {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer);
    ChannelFuture bound = bootstrap.bind(options.host(), options.port()).await();
    if (!bound.isSuccess()) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw listenFailure(bound.cause());
    }
    listener = bound.channel();
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  private ListenException listenFailure(Throwable cause) {
    String where = "cannot listen on " + options.host() + ":" + options.port();
    String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    // NIO reports a BindException; epoll a NativeIoException carrying the errno text.
    if (cause instanceof BindException && detail.contains("in use")
        || detail.contains("Address already in use")) {
      return new ListenException(where + ": the port is already in use", cause);
    }
    return new ListenException(where + ": " + detail, cause);
  }

  /** The transport in use, {@code epoll} or {@code nio}. */
  public String transportName() {
    return transport.name();
  }

  /**
   * Stops accepting, lets in-flight responses finish (up to {@code grace}), then closes what is
   * left and stops the event loops.
   */
  public void stop(Duration grace) throws InterruptedException {
    state.startDraining();
    if (listener != null) {
      listener.close().await();
    }
    for (Channel connection : connections) {
      connection.pipeline().fireUserEventTriggered(ExchangeHandler.DRAIN);
    }
    connections.newCloseFuture().await(grace.toMillis());
    connections.close().await(1, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }
}
