package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.forward.ForwardingContext;
import dev.roundhouse.proxy.tls.TlsTermination;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets, one per frontend port. Ports can be bound and unbound while the proxy
 * runs: unbinding stops accepting on the port, and the connections already open on it carry on
 * (close them with {@link ClientConnections#finishAndClose}). Each socket accepts through an {@link
 * AcceptGate}, which holds the connections within the limits of one shared {@link
 * ConnectionBudget}.
 */
public final class Listeners implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  /**
   * Connections a listener accepts each time its socket is ready, at most ({@link #acceptBatches}).
   */
  static final int MAX_ACCEPTS_PER_WAKEUP = 64;

  private final ServerBootstrap listening;
  private final ForwardingContext services;
  private final RequestLimits limits;
  private final ClientConnections connections;
  private final ConnectionBudget budget;
  private final Map<Integer, Bound> bound = new TreeMap<>();

  /** A listening socket and the initializer of the connections it accepts. */
  private record Bound(Channel channel, FrontendInitializer initializer) {}

  /**
   * Listeners accepting with {@code listening} (its event loops and socket type: {@code
   * Transport.listening()}) and forwarding with {@code services}.
   */
  public Listeners(
      ServerBootstrap listening,
      ForwardingContext services,
      RequestLimits limits,
      ClientConnections connections) {
    this.listening = requireNonNull(listening, "listening");
    this.services = requireNonNull(services, "services");
    this.limits = requireNonNull(limits, "limits");
    this.connections = requireNonNull(connections, "connections");
    this.budget = new ConnectionBudget(services.routing()::current);
  }

  /**
   * Starts listening on the frontend's port, on every interface. If the port is listened on
   * already, connections accepted from now on get the frontend's label (a renamed frontend keeps
   * its socket; connections already open keep the label they came in with).
   *
   * @throws ListenException when the port cannot be bound (in use, or not permitted)
   */
  public synchronized void bind(Frontend frontend) throws ListenException {
    bind(frontend, null);
  }

  /**
   * Starts listening on the frontend's port, as {@link #bind(Frontend)}, terminating TLS with
   * {@code tls} (null: plain HTTP). If the port is listened on already, connections accepted from
   * now on get the frontend's label, TLS and redirect; open connections keep theirs.
   *
   * @throws ListenException when the port cannot be bound (in use, or not permitted)
   */
  public synchronized void bind(Frontend frontend, @Nullable TlsTermination tls)
      throws ListenException {
    int port = frontend.port();
    Bound existing = bound.get(port);
    if (existing != null) {
      existing.initializer().configure(frontend, tls);
      if (!existing.initializer().label().equals(frontend.label())) {
        log.info(
            "port {}: frontend {} is now called {}",
            port,
            existing.initializer().label(),
            frontend.label());
        existing.initializer().relabel(frontend.label());
      }
      return;
    }
    FrontendInitializer initializer =
        new FrontendInitializer(services, frontend.label(), limits, connections);
    initializer.configure(frontend, tls);
    ChannelFuture binding =
        listening
            .clone()
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.RCVBUF_ALLOCATOR, acceptBatches())
            // No socket option for client connections (each would be a system call per
            // connection): Netty turns Nagle off (TCP_NODELAY) on every socket it makes, and TCP
            // keepalive, whose first probe Linux sends after two hours, finds nothing our idle,
            // head and body timeouts have not closed long before (HAProxy's clitcpka is off too).
            .childOption(ChannelOption.AUTO_READ, false)
            .handler(new AcceptGate(budget, port, initializer::label, services.observer()))
            .childHandler(initializer)
            .bind(new InetSocketAddress(port))
            .awaitUninterruptibly();
    if (!binding.isSuccess()) {
      throw new ListenException(port, binding.cause());
    }
    bound.put(port, new Bound(binding.channel(), initializer));
    log.info(
        "listening on port {} (frontend {}{})",
        port,
        frontend.label(),
        tls != null
            ? ", https"
            : frontend.redirectToHttps() != null
                ? ", redirecting to https on port " + frontend.redirectToHttps()
                : "");
  }

  /**
   * Stops accepting on {@code port}; open connections are not touched.
   *
   * @return true if the port was bound
   */
  public synchronized boolean unbind(int port) {
    Bound listener = bound.remove(port);
    if (listener == null) {
      return false;
    }
    listener.channel().close().awaitUninterruptibly();
    log.info("stopped listening on port {}", port);
    return true;
  }

  /**
   * The connection limits may have changed (a new config is in force): listeners paused at a limit
   * check again.
   */
  public void limitsChanged() {
    budget.wakeAll();
  }

  /** The ports listened on. */
  public synchronized Set<Integer> ports() {
    return new TreeSet<>(bound.keySet());
  }

  /** Stops accepting on every port. */
  @Override
  public synchronized void close() {
    for (Integer port : ports()) {
      unbind(port);
    }
  }

  /**
   * How a listener accepts: up to {@value #MAX_ACCEPTS_PER_WAKEUP} connections each time its socket
   * is ready, until the kernel's accept queue is empty. Netty's default for an epoll server channel
   * accepts one per event loop iteration (it records the accepted descriptor as the bytes read and
   * reads on only when that equals the one byte it tried), so under load a burst of new clients
   * waited one full iteration each: 256 clients connecting at once to a busy proxy got their first
   * response up to 0.4-1.5 s late (docs/bench.md, "New connections under load"). HAProxy, too,
   * accepts several connections per wake-up ({@code tune.maxaccept}); the bound keeps a flood of
   * connections from holding up the established ones for long.
   */
  static RecvByteBufAllocator acceptBatches() {
    return new ServerChannelRecvByteBufAllocator()
        .respectMaybeMoreData(false)
        .maxMessagesPerRead(MAX_ACCEPTS_PER_WAKEUP);
  }
}
