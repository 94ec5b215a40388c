package dev.roundhouse.proxy.pool;

import static java.util.Objects.requireNonNull;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;

/**
 * Resolves backend host names with the JDK resolver (so /etc/hosts, search domains and the JVM's
 * DNS cache apply as everywhere else) on a dedicated executor: a lookup blocks, and a blocked event
 * loop would stall every connection on it. The connect itself then continues on the channel's own
 * event loop.
 */
public final class OffLoopResolver extends AddressResolverGroup<InetSocketAddress> {

  private final EventExecutor lookups;

  /** A resolver doing its lookups on {@code lookups}. */
  public OffLoopResolver(EventExecutor lookups) {
    this.lookups = requireNonNull(lookups, "lookups");
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor ignored) {
    return new InetSocketAddressResolver(lookups, new DefaultNameResolver(lookups));
  }
}
