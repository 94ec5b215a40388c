package dev.roundhouse.proxy.observe;

/**
 * How a request that asked to upgrade its connection (a WebSocket handshake) was answered: the
 * {@code result} label of {@code roundhouse_upgrades_total}.
 */
public enum UpgradeResult {
  /** The backend answered {@code 101 Switching Protocols}: the connection became a tunnel. */
  SWITCHED("switched"),
  /** The backend answered with another status, which went to the client as usual. */
  REFUSED("refused"),
  /** No answer from a backend: the proxy's error response, or a closed connection. */
  FAILED("failed");

  private final String label;

  UpgradeResult(String label) {
    this.label = label;
  }

  /** The metric label. */
  public String label() {
    return label;
  }
}
