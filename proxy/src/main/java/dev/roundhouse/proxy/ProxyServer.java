package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.forward.BackendInitializer;
import dev.roundhouse.proxy.forward.FlushBatches;
import dev.roundhouse.proxy.forward.ForwardingContext;
import dev.roundhouse.proxy.frontend.ClientConnections;
import dev.roundhouse.proxy.frontend.Listeners;
import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.pool.BackendConnector;
import dev.roundhouse.proxy.pool.ConnectionPool;
import dev.roundhouse.proxy.routing.RoutingTable;
import dev.roundhouse.proxy.routing.RoutingTableHolder;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data path, wired: the routing table, the backend connection pool, the client connection
 * registry and the listeners, on a {@link Transport}'s event loops.
 *
 * <p>Everything that watches traffic plugs in through the {@link TrafficObserver}; everything that
 * changes routing (health checks, reloads) works on {@link #routing()}, {@link #listeners()} and
 * {@link #connections()}. The running program ({@link RunningProxy}) starts it {@link #idle} and
 * puts each config in force through those.
 */
public final class ProxyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  /** The table before any config is in force: no backends, so nothing to forward to. */
  private static final LoadBalancerConfig NOTHING = LoadBalancerConfig.of(List.of(), List.of());

  private final Transport transport;
  private final RoutingTableHolder routing;
  private final ConnectionPool pool;
  private final ClientConnections connections;
  private final Listeners listeners;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ProxyServer(
      Transport transport, ProxyOptions options, TrafficObserver observer, RoutingTable initial) {
    this.transport = requireNonNull(transport, "transport");
    this.routing = new RoutingTableHolder(initial);
    FlushBatches flushes = new FlushBatches();
    BackendConnector connector =
        new BackendConnector(
            transport.connecting(),
            new BackendInitializer(
                () -> routing.current().timeouts().idle(), options.backendTls(), flushes));
    this.pool = new ConnectionPool(connector, options.maxIdlePerBackend());
    this.connections = new ClientConnections();
    ForwardingContext services = new ForwardingContext(routing, pool, observer, flushes);
    this.listeners = new Listeners(transport.listening(), services, options.limits(), connections);
  }

  /**
   * A proxy on {@code transport} (which it closes when it is closed) that listens on nothing and
   * has no backends yet: the first config is put in force through {@link #routing()} and {@link
   * #listeners()}.
   */
  public static ProxyServer idle(
      Transport transport, ProxyOptions options, TrafficObserver observer) {
    return new ProxyServer(
        transport, options, observer, RoutingTable.of(NOTHING, null, Instant.now()));
  }

  /** The routing table holder: backends, algorithm, timeouts, retries in force. */
  public RoutingTableHolder routing() {
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
   * Stops listening and closes every connection at once (graceful draining is the caller's job,
   * before this), then stops the event loops. Only the first call does anything.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listeners.close();
    transport.close();
    log.info("proxy stopped");
  }
}
