package dev.roundhouse.proxy.observe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A closed tunnel: a connection that an {@code Upgrade} (a WebSocket) switched to carrying bytes,
 * from the backend's {@code 101} to its close.
 *
 * @param duration from the {@code 101} to the close
 * @param bytesFromClient bytes the client sent through the tunnel
 * @param bytesToClient bytes the backend sent through the tunnel
 * @param closedBy what ended it
 */
public record TunnelSummary(
    Duration duration, long bytesFromClient, long bytesToClient, ClosedBy closedBy) {

  /** Checks the parts. */
  public TunnelSummary {
    requireNonNull(duration, "duration");
    requireNonNull(closedBy, "closedBy");
  }

  /** What ended a tunnel; its label is the access log's {@code tunnel_closed_by}. */
  public enum ClosedBy {
    /** The client closed its connection (or it failed). */
    CLIENT("client"),
    /** The backend closed its connection (or it failed). */
    BACKEND("backend"),
    /** Nothing went either way for {@code timeouts.tunnel}. */
    IDLE("idle"),
    /** The proxy shut down and the drain timeout was over. */
    SHUTDOWN("shutdown");

    private final String label;

    ClosedBy(String label) {
      this.label = label;
    }

    /** The name in the access log. */
    public String label() {
      return label;
    }
  }
}
