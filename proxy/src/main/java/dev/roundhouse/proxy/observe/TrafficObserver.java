package dev.roundhouse.proxy.observe;

import dev.roundhouse.proxy.backend.BackendState;

/**
 * What the data path reports. Called on Netty event loops: implementations must not block (the
 * access log hands lines to an asynchronous appender; metrics update counters).
 */
public interface TrafficObserver {

  /** A client connection was accepted on {@code frontend}. */
  default void connectionOpened(String frontend) {}

  /** A client connection on {@code frontend} closed. */
  default void connectionClosed(String frontend) {}

  /** A client on {@code frontend} took too long over its request's {@code phase}. */
  default void clientTimedOut(String frontend, SlowClientPhase phase) {}

  /** A connection to {@code frontend} was closed as soon as it was accepted, for {@code reason}. */
  default void connectionRejected(String frontend, RejectionReason reason) {}

  /**
   * {@code frontend} stopped ({@code paused}) or resumed accepting connections, at or below {@code
   * limits.maxConnections} or its own {@code maxConnections}.
   */
  default void acceptPaused(String frontend, boolean paused) {}

  /** A response (any status) came from {@code backend}: it is reachable. */
  default void backendResponded(BackendState backend) {}

  /** {@code backend} sent the final response head of a request, with {@code status}. */
  default void backendAnswered(BackendState backend, int status) {}

  /** A request to {@code backend} failed in a way that is the backend's fault. */
  default void backendFailed(BackendState backend, FailureKind kind) {}

  /** Session persistence routed a request ({@code sessionPersistence} is on). */
  default void sessionRouted(SessionRouting routing) {}

  /**
   * A request that could not reach {@code backend} would have been tried on another backend, but
   * the retry budget ({@code retryBudget}) was spent.
   */
  default void retryRefused(BackendState backend) {}

  /** A request that could not reach {@code backend} is tried on another backend. */
  default void retried(BackendState backend) {}

  /**
   * A request that asked to upgrade its connection (a WebSocket handshake) was answered; on {@link
   * UpgradeResult#SWITCHED} a tunnel is open until its exchange completes.
   */
  default void upgradeAnswered(UpgradeResult result) {}

  /**
   * An exchange finished: the response was sent, or the connection closed; for one whose connection
   * became a tunnel, the tunnel closed ({@link Exchange#tunnel()}).
   */
  default void exchangeCompleted(Exchange exchange) {}
}
