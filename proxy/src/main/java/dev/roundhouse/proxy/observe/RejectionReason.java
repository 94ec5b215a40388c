package dev.roundhouse.proxy.observe;

/**
 * Why a connection was closed as soon as it was accepted: the {@code reason} label of {@code
 * roundhouse_connections_rejected_total}.
 */
public enum RejectionReason {
  /** Its client address already had {@code limits.maxConnectionsPerClient} connections open. */
  PER_CLIENT("per_client");

  private final String label;

  RejectionReason(String label) {
    this.label = label;
  }

  /** The metric label. */
  public String label() {
    return label;
  }
}
