package dev.roundhouse.proxy.observe;

/**
 * What a client was too slow to send: the {@code phase} label of {@code
 * roundhouse_client_timeouts_total}.
 */
public enum SlowClientPhase {
  /** Its request head, past {@code timeouts.requestHead}: answered 408. */
  HEAD("head"),
  /** Its request body, silent for longer than {@code timeouts.requestBody}. */
  BODY("body");

  private final String label;

  SlowClientPhase(String label) {
    this.label = label;
  }

  /** The metric label. */
  public String label() {
    return label;
  }
}
