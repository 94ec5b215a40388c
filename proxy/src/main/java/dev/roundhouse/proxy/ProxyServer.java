package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.forward.BackendInitializer;
import dev.roundhouse.proxy.forward.ForwardServices;
import dev.roundhouse.proxy.frontend.ClientConnections;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.frontend.Listeners;
import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.pool.BackendConnector;
import dev.roundhouse.proxy.pool.ConnectionPool;
import dev.roundhouse.proxy.pool.OffLoopResolver;
import dev.roundhouse.proxy.routing.Routing;
import dev.roundhouse.proxy.routing.RoutingTable;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy, wired in one place: event loops, the routing table, the backend connection
 * pool, the client connection registry and the listeners, built from a validated config.
 *
 * <p>Everything that watches traffic plugs in through the {@link TrafficObserver}; everything that
 * changes routing (health checks, reloads) works on {@link #routing()} and the {@link
 * dev.roundhouse.proxy.backend.BackendState}s in it.
 */
public final class ProxyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final LoadBalancerConfig config;
  private final Transport transport;
  private final EventExecutor lookups;
  private final Routing routing;
  private final ConnectionPool pool;
  private final ClientConnections connections;
  private final Listeners listeners;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ProxyServer(LoadBalancerConfig config, ProxyOptions options, TrafficObserver observer) {
    this.config = requireNonNull(config, "config");
    this.transport = Transport.create(options.workers(), options.nativeTransport());
    this.lookups = new DefaultEventExecutor(new DefaultThreadFactory("roundhouse-dns", true));
    this.routing = new Routing(RoutingTable.of(config, null, Instant.now()));
    BackendConnector connector =
        new BackendConnector(
            transport.channelType(),
            new BackendInitializer(() -> routing.current().timeouts().idle(), options.backendTls()),
            new OffLoopResolver(lookups));
    this.pool = new ConnectionPool(connector, options.maxIdlePerBackend());
    this.connections = new ClientConnections();
    ForwardServices services = new ForwardServices(routing, pool, observer);
    this.listeners =
        new Listeners(
            transport.group(),
            transport.serverChannelType(),
            services,
            options.limits(),
            connections);
  }

  /**
   * Starts a proxy for {@code config} (already validated) and listens on all its frontends.
   *
   * @throws ListenException when a frontend port cannot be bound; nothing is left running
   */
  public static ProxyServer start(
      LoadBalancerConfig config, ProxyOptions options, TrafficObserver observer)
      throws ListenException {
    ProxyServer server = new ProxyServer(config, options, observer);
    try {
      for (Frontend frontend : config.frontends()) {
        server.listeners.bind(frontend);
      }
    } catch (ListenException e) {
      server.close();
      throw e;
    }
    log.info(
        "proxy started: {} backends, {}, {} transport with {} threads",
        config.backends().size(),
        config.algorithm(),
        server.transport.name(),
        server.transport.threads());
    return server;
  }

  /** The config the proxy started with. */
  public LoadBalancerConfig config() {
    return config;
  }

  /** The routing table holder: backends, algorithm, timeouts, retries in force. */
  public Routing routing() {
    return routing;
  }

  /** The listening ports. */
  public Listeners listeners() {
    return listeners;
  }

  /** The open client connections. */
  public ClientConnections connections() {
    return connections;
  }

  /** The backend connection pool. */
  public ConnectionPool pool() {
    return pool;
  }

  /** The event loops. */
  public Transport transport() {
    return transport;
  }

  /**
   * Stops listening and closes everything at once (graceful draining is not done here). Only the
   * first call does anything.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listeners.close();
    transport.close();
    lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    log.info("proxy stopped");
  }
}
