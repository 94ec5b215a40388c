package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for the admin endpoints, on its own single event loop so that a scrape or
 * a reload never runs on a loop that forwards traffic.
 *
 * <p>It can be {@link #start started}, {@link #moveTo moved} to another address or port (the new
 * one is bound before the old one closes, so a failed move changes nothing; on the same port the
 * old one closes for the moment of the bind), {@link #stop stopped} and started again; {@link
 * #close} ends it for good. It listens on the address the config gives ({@code metrics.address}):
 * {@code 0.0.0.0} for every interface (so Prometheus and the kubelet reach it), {@code 127.0.0.1}
 * to keep it on the host.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final int MAX_BODY = 64 * 1024;
  private static final int IDLE_SECONDS = 60;
  private static final int SAME_PORT_ATTEMPTS = 20;

  private final AdminRoutes routes;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("admin"), NioIoHandler.newFactory());
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel listener;

  /** A server for {@code routes}; it listens once {@link #start started}. */
  public AdminServer(AdminRoutes routes) {
    this.routes = requireNonNull(routes, "routes");
  }

  /**
   * Starts listening on {@code host} (an IP address) and {@code port} (0 for any free port).
   *
   * @return the port bound
   * @throws IllegalStateException if it is running already or the port cannot be bound
   */
  public synchronized int start(String host, int port) {
    if (listener != null) {
      throw new IllegalStateException("the admin server is running already on " + listening());
    }
    listener = bind(host, port);
    log.info("Admin server listening on {}: {}", listening(), routes.paths());
    return port();
  }

  /**
   * Listens on {@code host} and {@code port} instead: binds them, then closes the old listener.
   * Connections already open stay until they end. Starts the server if it was not running; does
   * nothing if it already listens there.
   *
   * @return the port bound
   * @throws IllegalStateException if the new address cannot be bound; the old one is kept
   */
  public synchronized int moveTo(String host, int port) {
    if (listener == null) {
      return start(host, port);
    }
    InetSocketAddress old = (InetSocketAddress) listener.localAddress();
    if (port == old.getPort()
        && old.getAddress().equals(new InetSocketAddress(host, 0).getAddress())) {
      return port;
    }
    String before = listening();
    Channel fresh;
    if (port == old.getPort()) {
      fresh = rebindOnSamePort(old, host, port);
    } else {
      fresh = bind(host, port);
      listener.close().syncUninterruptibly();
    }
    listener = fresh;
    log.info("Admin server moved from {} to {}", before, listening());
    return port();
  }

  /**
   * Another address on the same port: the two may overlap ({@code 0.0.0.0} holds every address's
   * port), so the old listener closes first and comes back if the new address cannot be bound. A
   * closed NIO listener lets go of its port only at its selector's next wake-up, so the bind is
   * tried for up to a second before it counts as failed.
   */
  private Channel rebindOnSamePort(InetSocketAddress old, String host, int port) {
    listener.close().syncUninterruptibly();
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < SAME_PORT_ATTEMPTS; attempt++) {
      try {
        return bind(host, port);
      } catch (IllegalStateException e) {
        failure = e;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    listener = bind(old.getAddress().getHostAddress(), port);
    throw failure;
  }

  /** {@code 127.0.0.1:9090}: the address and port listened on, or "nothing" when stopped. */
  private String listening() {
    if (listener == null) {
      return "nothing";
    }
    InetSocketAddress local = (InetSocketAddress) listener.localAddress();
    return local.getAddress().getHostAddress() + ":" + local.getPort();
  }

  /** The port listened on, or -1 when stopped. */
  public synchronized int port() {
    return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Stops listening and closes open admin connections; it may be started again. */
  public synchronized void stop() {
    if (listener != null) {
      String was = listening();
      listener.close().syncUninterruptibly();
      listener = null;
      connections.close().syncUninterruptibly();
      log.info("Admin server on {} stopped", was);
    }
  }

  /** Stops and releases the server's thread. */
  @Override
  public synchronized void close() {
    stop();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Channel bind(String host, int port) {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS))
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_BODY))
                        .addLast(new AdminHttpHandler(routes));
                  }
                })
            .bind(host, port)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot listen on admin port " + host + ":" + port + ": " + bound.cause().getMessage(),
          bound.cause());
    }
    return bound.channel();
  }
}
