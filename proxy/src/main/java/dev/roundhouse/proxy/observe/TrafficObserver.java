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

  /** A response (any status) came from {@code backend}: it is reachable. */
  default void backendResponded(BackendState backend) {}

  /** A request to {@code backend} failed in a way that is the backend's fault. */
  default void backendFailed(BackendState backend, FailureKind kind) {}

  /** A request that could not reach {@code backend} is tried on another backend. */
  default void retried(BackendState backend) {}

  /** An exchange finished: the response was sent, or the connection closed. */
  default void exchangeCompleted(Exchange exchange) {}
}
