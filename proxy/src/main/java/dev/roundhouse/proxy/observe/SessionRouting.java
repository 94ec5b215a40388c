package dev.roundhouse.proxy.observe;

/** How session persistence routed a request: the {@code result} label of its counter. */
public enum SessionRouting {
  /** The request went to the backend its cookie or header names. */
  STICKY("sticky"),
  /** The request had no cookie: it was balanced and got one. */
  NEW("new"),
  /**
   * The request's cookie named no usable backend (unknown, removed, or unavailable): it was
   * balanced again and got a new cookie.
   */
  REBALANCED("rebalanced");

  private final String label;

  SessionRouting(String label) {
    this.label = label;
  }

  /** The metric label. */
  public String label() {
    return label;
  }
}
