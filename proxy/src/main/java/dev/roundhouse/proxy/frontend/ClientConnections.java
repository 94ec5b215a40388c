package dev.roundhouse.proxy.frontend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The open client connections, so that a config change or shutdown can close them gracefully: each
 * finishes its request in flight, then closes.
 */
public final class ClientConnections {

  private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();

  void add(ClientConnection connection) {
    open.add(connection);
  }

  void remove(ClientConnection connection) {
    open.remove(connection);
  }

  /** How many client connections are open. */
  public int size() {
    return open.size();
  }

  /** How many client connections on {@code frontend} (its label) are open. */
  public int count(String frontend) {
    int count = 0;
    for (ClientConnection connection : open) {
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
    List<ClientConnection> selected = new ArrayList<>();
    for (ClientConnection connection : open) {
      if (frontends.test(connection.frontend())) {
        selected.add(connection);
      }
    }
    selected.forEach(ClientConnection::finishAndClose);
    return selected.size();
  }
}
