package dev.roundhouse.proxy.frontend;

/**
 * What {@link ClientTimer} fires up the pipeline when a client took too long; the {@link
 * ClientConnection} decides what to do with it.
 */
enum ClientTimeout {
  /**
   * No request came: a kept-alive connection sat unused for {@code timeouts.idle}, or a new one
   * sent nothing within {@code timeouts.requestHead}. Closed without a response.
   */
  IDLE,
  /** A request head began but was not complete within {@code timeouts.requestHead}: 408. */
  HEAD,
  /** The request body paused for longer than {@code timeouts.requestBody}: 408, or a close. */
  BODY
}
