package dev.roundhouse.proxy.frontend;

/**
 * A client connection as the {@link ClientConnections} registry sees it: where it came in, and how
 * a config change or shutdown closes it gracefully. A forwarding {@link ClientConnection} and an
 * {@link HttpsRedirect} connection are both one. Thread-safe.
 */
interface RegisteredConnection {

  /** The frontend (label) this connection came in on. */
  String frontend();

  /** The local port this connection came in on (0 for in-memory channels in tests). */
  int port();

  /** Closes this connection once it has no request in flight: at once if idle. */
  void finishAndClose();

  /** Closes the tunnel this connection carries, if it does: the shutdown's drain is over. */
  void closeTunnel();
}
