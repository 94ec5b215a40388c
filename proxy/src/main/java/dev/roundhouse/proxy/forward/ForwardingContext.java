package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.pool.ConnectionPool;
import dev.roundhouse.proxy.routing.RoutingTableHolder;

/**
 * What every request shares: the routing in force, the backend connection pool and the observer.
 *
 * @param routing the routing table holder; read once per request
 * @param pool backend connections
 * @param observer told about every connection, failure and finished exchange
 */
public record ForwardingContext(
    RoutingTableHolder routing, ConnectionPool pool, TrafficObserver observer) {

  /** Checks the parts. */
  public ForwardingContext {
    requireNonNull(routing, "routing");
    requireNonNull(pool, "pool");
    requireNonNull(observer, "observer");
  }
}
