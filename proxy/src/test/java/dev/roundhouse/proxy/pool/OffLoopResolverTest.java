package dev.roundhouse.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host names are looked up on the lookup executor, never in the event loop that asks. */
class OffLoopResolverTest {

  private final EventExecutor loop = new DefaultEventExecutor();
  private final EventExecutor lookups = new DefaultEventExecutor();
  private final AtomicReference<Thread> lookedUpOn = new AtomicReference<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    lookups.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Future<InetSocketAddress> resolveOnTheLoop(OffLoopResolver resolver, String host)
      throws Exception {
    return loop.submit(
            () ->
                resolver.getResolver(loop).resolve(InetSocketAddress.createUnresolved(host, 9001)))
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void theBlockingLookupRunsOnTheLookupExecutor() throws Exception {
    OffLoopResolver resolver =
        new OffLoopResolver(
            lookups,
            host -> {
              lookedUpOn.set(Thread.currentThread());
              return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})};
            });

    Future<InetSocketAddress> resolved = resolveOnTheLoop(resolver, "web-1.shop");

    assertThat(resolved.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(resolved.getNow().getAddress().getHostAddress()).isEqualTo("10.0.0.7");
    assertThat(resolved.getNow().getPort()).isEqualTo(9001);
    assertThat(lookups.inEventLoop(lookedUpOn.get()))
        .as("looked up on the lookup executor")
        .isTrue();
    assertThat(loop.inEventLoop(lookedUpOn.get())).as("looked up on the event loop").isFalse();
    resolver.close();
  }

  @Test
  void anUnknownHostFailsTheResolution() throws Exception {
    OffLoopResolver resolver =
        new OffLoopResolver(
            lookups,
            host -> {
              throw new UnknownHostException(host);
            });

    Future<InetSocketAddress> resolved = resolveOnTheLoop(resolver, "gone.shop");

    assertThat(resolved.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(resolved.cause()).isInstanceOf(UnknownHostException.class);
    resolver.close();
  }

  @Test
  void theJdkResolverAnswersForLocalhost() throws Exception {
    OffLoopResolver resolver = new OffLoopResolver(lookups);

    Future<InetSocketAddress> resolved = resolveOnTheLoop(resolver, "localhost");

    assertThat(resolved.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(resolved.getNow().getAddress().isLoopbackAddress()).isTrue();
    resolver.close();
  }
}
