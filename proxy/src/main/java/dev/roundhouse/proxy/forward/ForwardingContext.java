package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.pool.ConnectionPool;
import dev.roundhouse.proxy.routing.RoutingTableHolder;

/**
 * What every request shares: the routing in force, the backend connection pool, the observer and
 * the event loops' flush batches.
 *
 * @param routing the routing table holder; read once per request
 * @param pool backend connections
 * @param observer told about every connection, failure and finished exchange
 * @param flushes each event loop's batch of put-off flushes, taken once per client connection
 */
public record ForwardingContext(
    RoutingTableHolder routing,
    ConnectionPool pool,
    TrafficObserver observer,
    FlushBatches flushes) {

  /** Checks the parts. */
  public ForwardingContext {
    requireNonNull(routing, "routing");
    requireNonNull(pool, "pool");
    requireNonNull(observer, "observer");
    requireNonNull(flushes, "flushes");
  }
}
