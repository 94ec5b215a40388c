package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS client context built on first use. Building one reads the JDK's trust store and loads the
 * JDK's TLS classes, about a fifth of the main thread's work at start (docs/bench.md), which a
 * proxy without https backends never needs. Safe to share between event loops.
 */
public final class LazyTlsContext implements Supplier<SslContext> {

  private final Supplier<SslContext> build;
  private volatile @Nullable SslContext built;

  LazyTlsContext(Supplier<SslContext> build) {
    this.build = requireNonNull(build, "build");
  }

  /** A context that trusts what the JDK's default trust store trusts, built when first asked. */
  public static LazyTlsContext jdkTrustStore() {
    return new LazyTlsContext(
        () -> {
          try {
            return SslContextBuilder.forClient().build();
          } catch (SSLException e) {
            throw new IllegalStateException(
                "cannot build a TLS client context with the JDK's trust store: " + e.getMessage(),
                e);
          }
        });
  }

  /** A context already built (a test's own trust, for example). */
  public static LazyTlsContext of(SslContext context) {
    requireNonNull(context, "context");
    return new LazyTlsContext(() -> context);
  }

  /** The context, built by the first call; a failure is thrown to each caller until one works. */
  @Override
  public SslContext get() {
    SslContext context = built;
    if (context == null) {
      synchronized (this) {
        context = built;
        if (context == null) {
          context = build.get();
          built = context;
        }
      }
    }
    return context;
  }
}
