package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.routing.RoutingTable;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

/**
 * The client connections counted against the connection limits of the config in force: in all
 * ({@code limits.maxConnections}), per frontend ({@code frontends[].maxConnections}) and per client
 * address ({@code limits.maxConnectionsPerClient}). A connection counts from its accept to its
 * close. Each listener's {@link AcceptGate} asks for a place before it serves a connection; a
 * closing connection gives its place back and wakes the gates that paused.
 *
 * <p>Thread-safe: connections are accepted and closed on every event loop. The counts sit under one
 * lock, taken once per accept and once per close.
 */
final class ConnectionBudget {

  private final Supplier<RoutingTable> routing;
  private final Set<AcceptGate> gates = new CopyOnWriteArraySet<>();
  private final Map<Integer, Integer> perPort = new HashMap<>();
  private final Map<InetAddress, Integer> perClient = new HashMap<>();
  private int total;

  ConnectionBudget(Supplier<RoutingTable> routing) {
    this.routing = requireNonNull(routing, "routing");
  }

  void register(AcceptGate gate) {
    gates.add(gate);
  }

  void unregister(AcceptGate gate) {
    gates.remove(gate);
  }

  /**
   * Counts a connection from {@code client}, unless that address has {@code
   * limits.maxConnectionsPerClient} open already.
   *
   * @return whether it was counted (else it is to be closed)
   */
  synchronized boolean admitClient(InetAddress client) {
    Integer max = routing.get().limits().maxConnectionsPerClient();
    int open = perClient.getOrDefault(client, 0);
    if (max != null && open >= max) {
      return false;
    }
    perClient.put(client, open + 1);
    return true;
  }

  /** A connection {@link #admitClient} counted has closed. */
  synchronized void releaseClient(InetAddress client) {
    perClient.computeIfPresent(client, (address, open) -> open > 1 ? open - 1 : null);
  }

  /**
   * Takes a place for a connection on {@code port}, if neither the global limit nor the port's
   * frontend's is reached.
   *
   * @return whether a place was taken (give it back with {@link #release})
   */
  synchronized boolean take(int port) {
    if (!hasRoom(port)) {
      return false;
    }
    total++;
    perPort.merge(port, 1, Integer::sum);
    return true;
  }

  /** Whether a connection on {@code port} would get a place now. */
  synchronized boolean hasRoom(int port) {
    RoutingTable table = routing.get();
    Integer global = table.limits().maxConnections();
    Integer own = table.maxConnections(port);
    return (global == null || total < global)
        && (own == null || perPort.getOrDefault(port, 0) < own);
  }

  /** Gives back the place of a connection on {@code port} that closed, and wakes paused gates. */
  void release(int port) {
    synchronized (this) {
      total--;
      perPort.computeIfPresent(port, (p, open) -> open > 1 ? open - 1 : null);
    }
    wakeAll();
  }

  /** Lets the paused gates check again: a place came free, or the limits changed. */
  void wakeAll() {
    gates.forEach(AcceptGate::wake);
  }

  /** How many connections hold a place. */
  synchronized int total() {
    return total;
  }
}
