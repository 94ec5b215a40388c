package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.frontend.RequestLimits;

/**
 * How the proxy process runs, as opposed to what it routes (that is the config).
 *
 * @param workers event loop threads
 * @param nativeTransport whether to use epoll when available
 * @param limits limits on client requests
 * @param maxIdlePerBackend idle keep-alive connections kept per backend and event loop
 */
public record ProxyOptions(
    int workers, boolean nativeTransport, RequestLimits limits, int maxIdlePerBackend) {

  /** Checks the parts. */
  public ProxyOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    requireNonNull(limits, "limits");
    if (maxIdlePerBackend < 1) {
      throw new IllegalArgumentException("maxIdlePerBackend must be at least 1");
    }
  }

  /** One worker per CPU, epoll, the default limits, up to 1024 idle connections per backend. */
  public static ProxyOptions defaults() {
    return new ProxyOptions(
        Runtime.getRuntime().availableProcessors(), true, RequestLimits.DEFAULTS, 1024);
  }

  /** The same, with {@code workers} threads. */
  public ProxyOptions withWorkers(int workers) {
    return new ProxyOptions(workers, nativeTransport, limits, maxIdlePerBackend);
  }
}
