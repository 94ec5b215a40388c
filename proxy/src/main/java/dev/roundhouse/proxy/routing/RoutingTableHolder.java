package dev.roundhouse.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the routing table in force. The data path calls {@link #current()} once per request; a
 * config change calls {@link #install} and requests already in flight finish with the table they
 * started with.
 */
public final class RoutingTableHolder {

  private final AtomicReference<RoutingTable> table;

  /** RoutingTableHolder that starts with {@code initial}. */
  public RoutingTableHolder(RoutingTable initial) {
    this.table = new AtomicReference<>(requireNonNull(initial, "initial"));
  }

  /** The table in force. */
  public RoutingTable current() {
    return table.get();
  }

  /**
   * Puts {@code next} in force for every request that starts from now on.
   *
   * @return the table it replaced
   */
  public RoutingTable install(RoutingTable next) {
    return table.getAndSet(requireNonNull(next, "next"));
  }
}
