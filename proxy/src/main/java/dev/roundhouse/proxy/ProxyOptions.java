package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.forward.LazyTlsContext;
import dev.roundhouse.proxy.frontend.RequestLimits;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * How the proxy process runs, as opposed to what it routes (that is the config).
 *
 * @param workers event loop threads
 * @param transport the event loops and sockets: io_uring, epoll or NIO; auto: epoll, else NIO
 * @param limits limits on client requests
 * @param maxIdlePerBackend idle keep-alive connections kept per backend and event loop
 * @param backendTls the TLS client context for {@code https} backends: what certificates it trusts;
 *     built when the first https backend is connected to
 */
public record ProxyOptions(
    int workers,
    TransportKind transport,
    RequestLimits limits,
    int maxIdlePerBackend,
    Supplier<SslContext> backendTls) {

  /** Checks the parts. */
  public ProxyOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    requireNonNull(transport, "transport");
    requireNonNull(limits, "limits");
    if (maxIdlePerBackend < 1) {
      throw new IllegalArgumentException("maxIdlePerBackend must be at least 1");
    }
    requireNonNull(backendTls, "backendTls");
  }

  /**
   * One worker per CPU, epoll (NIO where it does not run), the default limits, up to 1024 idle
   * connections per backend, and https backends trusted as the JDK's trust store says.
   */
  public static ProxyOptions defaults() {
    return new ProxyOptions(
        Runtime.getRuntime().availableProcessors(),
        TransportKind.AUTO,
        RequestLimits.DEFAULTS,
        1024,
        LazyTlsContext.jdkTrustStore());
  }

  /** The same, with {@code workers} threads. */
  public ProxyOptions withWorkers(int workers) {
    return new ProxyOptions(workers, transport, limits, maxIdlePerBackend, backendTls);
  }

  /** The same, on {@code transport}. */
  public ProxyOptions withTransport(TransportKind transport) {
    return new ProxyOptions(workers, transport, limits, maxIdlePerBackend, backendTls);
  }

  /** The same, trusting https backends as {@code tls} says. */
  public ProxyOptions withBackendTls(SslContext tls) {
    return new ProxyOptions(workers, transport, limits, maxIdlePerBackend, LazyTlsContext.of(tls));
  }
}
