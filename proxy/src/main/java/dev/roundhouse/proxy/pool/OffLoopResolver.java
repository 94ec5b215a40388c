package dev.roundhouse.proxy.pool;

import static java.util.Objects.requireNonNull;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Resolves backend host names with the JDK resolver (so /etc/hosts, search domains and the JVM's
 * DNS cache apply as everywhere else) on a dedicated executor: a lookup blocks, and a blocked event
 * loop would stall every connection on it. The answer is handed back to the event loop that asked,
 * where the connect continues.
 *
 * <p>Netty's own {@code DefaultNameResolver} will not do: whatever executor it is given, it looks
 * up in the calling thread, which for a connect is the channel's event loop.
 */
public final class OffLoopResolver extends AddressResolverGroup<InetSocketAddress> {

  /** A blocking lookup of a host name's addresses. */
  @FunctionalInterface
  interface HostLookup {
    /** The addresses of {@code host}, preferred first. */
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  private final EventExecutor lookups;
  private final HostLookup lookup;

  /** A resolver doing its lookups on {@code lookups}. */
  public OffLoopResolver(EventExecutor lookups) {
    this(lookups, InetAddress::getAllByName);
  }

  /** A resolver doing its lookups with {@code lookup} on {@code lookups}. */
  OffLoopResolver(EventExecutor lookups, HostLookup lookup) {
    this.lookups = requireNonNull(lookups, "lookups");
    this.lookup = requireNonNull(lookup, "lookup");
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor loop) {
    return new InetSocketAddressResolver(loop, new Lookups(loop, lookups, lookup));
  }

  /** Looks up on {@code lookups}; completes the promise (made on the asking loop) from there. */
  private static final class Lookups extends InetNameResolver {

    private final EventExecutor lookups;
    private final HostLookup lookup;

    Lookups(EventExecutor loop, EventExecutor lookups, HostLookup lookup) {
      super(loop);
      this.lookups = lookups;
      this.lookup = lookup;
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
      offLoop(promise, () -> lookup.lookup(host)[0]);
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
      offLoop(promise, () -> Arrays.asList(lookup.lookup(host)));
    }

    private <T> void offLoop(Promise<T> promise, Callable<T> answer) {
      lookups.execute(
          () -> {
            try {
              promise.trySuccess(answer.call());
            } catch (Exception e) {
              promise.tryFailure(e);
            }
          });
    }
  }
}
