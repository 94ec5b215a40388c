package dev.roundhouse.proxy.frontend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The open client connections, forwarding ones and those of a frontend that redirects to https, so
 * that a config change or shutdown can close them gracefully: each finishes its request in flight,
 * then closes.
 *
 * <p>Closing by port or all at once also covers a connection that was accepted just before its
 * listener closed but registers a moment after the connections were told: it is told as it
 * registers.
 */
public final class ClientConnections {

  private final Set<RegisteredConnection> open = ConcurrentHashMap.newKeySet();
  private final Set<Integer> closingPorts = ConcurrentHashMap.newKeySet();
  private volatile boolean closingAll;

  void add(RegisteredConnection connection) {
    open.add(connection);
    if (closingAll || !closingPorts.isEmpty() && closingPorts.contains(connection.port())) {
      connection.finishAndClose();
    }
  }

  void remove(RegisteredConnection connection) {
    open.remove(connection);
  }

  /** How many client connections are open. */
  public int size() {
    return open.size();
  }

  /** How many client connections on {@code frontend} (its label) are open. */
  public int count(String frontend) {
    int count = 0;
    for (RegisteredConnection connection : open) {
      if (connection.frontend().equals(frontend)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Tells the connections whose frontend label matches {@code frontends} to close after their
   * request in flight (idle ones close at once).
   *
   * @return how many were told
   */
  public int finishAndClose(Predicate<String> frontends) {
    return tell(connection -> frontends.test(connection.frontend()));
  }

  /**
   * Tells the connections that came in on {@code ports} to close after their request in flight, and
   * every connection that registers on them later too (until {@link #reopen}): for ports a reload
   * removed, after their listeners closed.
   *
   * @return how many were told
   */
  public int finishAndCloseOnPorts(Collection<Integer> ports) {
    closingPorts.addAll(ports);
    return tell(connection -> ports.contains(connection.port()));
  }

  /** Connections on {@code port} are welcome again: a reload binds it anew. */
  public void reopen(int port) {
    closingPorts.remove(port);
  }

  /**
   * Tells every connection, open now or registering later, to close after its request in flight:
   * for shutdown, after the listeners closed.
   *
   * @return how many were told
   */
  public int finishAndCloseAll() {
    closingAll = true;
    return tell(connection -> true);
  }

  /** Closes every tunnel still open: a shutdown's drain timeout is over. */
  public void closeTunnels() {
    open.forEach(RegisteredConnection::closeTunnel);
  }

  private int tell(Predicate<RegisteredConnection> which) {
    List<RegisteredConnection> selected = new ArrayList<>();
    for (RegisteredConnection connection : open) {
      if (which.test(connection)) {
        selected.add(connection);
      }
    }
    selected.forEach(RegisteredConnection::finishAndClose);
    return selected.size();
  }
}
