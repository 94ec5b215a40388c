package dev.roundhouse.proxy.pool;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Keep-alive connections to the backends, pooled per event loop as Zuul's {@code
 * PerServerConnectionPool} does: a request takes the most recently returned live connection to its
 * backend on its own event loop, or opens a new one there. Every method must be called on the event
 * loop it names.
 *
 * <p>A connection is returned with {@link #release} only when it is clean (a complete request and a
 * complete keep-alive response); anything else is closed by the caller. A pooled connection that
 * the backend closes, or that idles past the idle timeout, is closed and forgotten.
 */
public final class ConnectionPool {

  private static final AttributeKey<String> ADDRESS = AttributeKey.valueOf("roundhouse.backend");

  private final BackendConnector connector;
  private final int maxIdlePerBackend;
  private final Map<EventLoop, LoopPool> loops = new ConcurrentHashMap<>();
  private final LongAdder created = new LongAdder();
  private final LongAdder reused = new LongAdder();
  private final LongAdder closedIdle = new LongAdder();
  private final AtomicInteger idle = new AtomicInteger();

  /**
   * A pool opening connections with {@code connector} and keeping at most {@code maxIdlePerBackend}
   * idle connections per backend and event loop.
   */
  public ConnectionPool(BackendConnector connector, int maxIdlePerBackend) {
    this.connector = requireNonNull(connector, "connector");
    if (maxIdlePerBackend < 1) {
      throw new IllegalArgumentException("maxIdlePerBackend must be at least 1");
    }
    this.maxIdlePerBackend = maxIdlePerBackend;
  }

  /**
   * A pooled connection to {@code backend} on {@code loop}, the one returned last, or null when
   * none is idle there. It has served a request before, so it may turn out to have been closed by
   * the backend meanwhile, which a new one cannot.
   */
  public @Nullable Channel takeIdle(BackendState backend, EventLoop loop) {
    LoopPool pool = loops.get(loop);
    if (pool == null) {
      return null;
    }
    Channel pooled;
    while ((pooled = pool.poll(backend.address())) != null) {
      idle.decrementAndGet();
      if (pooled.isActive()) {
        reused.increment();
        return pooled;
      }
      closedIdle.increment(); // closed, and its close listener has not run yet
    }
    return null;
  }

  /**
   * A new connection to {@code backend} on {@code loop}, once it is connected (and its TLS
   * handshake done). The future fails when the connection cannot be made within {@code
   * connectTimeout}.
   */
  public Future<Channel> connect(BackendState backend, EventLoop loop, Duration connectTimeout) {
    LoopPool pool = loops.computeIfAbsent(loop, l -> new LoopPool());
    Promise<Channel> promise = loop.newPromise();
    ChannelFuture connecting = connector.connect(backend.backend(), loop, connectTimeout);
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            promise.tryFailure(f.cause());
            return;
          }
          Channel channel = connecting.channel();
          created.increment();
          channel.attr(ADDRESS).set(backend.address());
          channel.closeFuture().addListener(c -> forget(pool, channel));
          SslHandler tls = channel.pipeline().get(SslHandler.class);
          if (tls == null) {
            handOver(promise, channel);
            return;
          }
          // TLS is part of connecting: nothing of the request is sent before the handshake, so
          // a failed one is a connection that could not be made, and another backend may be tried.
          tls.handshakeFuture()
              .addListener(
                  h -> {
                    if (h.isSuccess()) {
                      handOver(promise, channel);
                    } else {
                      channel.close();
                      promise.tryFailure(h.cause());
                    }
                  });
        });
    return promise;
  }

  private static void handOver(Promise<Channel> promise, Channel channel) {
    if (!promise.trySuccess(channel)) {
      channel.close();
    }
  }

  /**
   * Returns a clean connection for reuse. It is closed instead when the pool of its backend is full
   * or it is no longer open.
   */
  public void release(Channel channel) {
    String address = channel.attr(ADDRESS).get();
    LoopPool pool = loops.get(channel.eventLoop());
    if (address == null || pool == null || !channel.isActive()) {
      channel.close();
      return;
    }
    if (pool.offer(address, channel, maxIdlePerBackend)) {
      idle.incrementAndGet();
    } else {
      channel.close();
    }
  }

  private void forget(LoopPool pool, Channel channel) {
    if (pool.remove(channel.attr(ADDRESS).get(), channel)) {
      idle.decrementAndGet();
      closedIdle.increment();
    }
  }

  /**
   * Closes the idle connections to {@code address} on every event loop: a reload removed the
   * backend. Connections in use are not touched; their requests return them to nobody (the data
   * path closes a connection to a retired backend instead of pooling it).
   */
  public void closeIdle(String address) {
    requireNonNull(address, "address");
    loops.forEach(
        (loop, pool) ->
            loop.execute(
                () -> {
                  for (Channel channel : pool.removeAll(address)) {
                    idle.decrementAndGet();
                    closedIdle.increment();
                    channel.close();
                  }
                }));
  }

  /** What the pool has done so far. */
  public PoolStats stats() {
    return new PoolStats(created.sum(), reused.sum(), closedIdle.sum(), idle.get());
  }
}
