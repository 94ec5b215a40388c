package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sets up a new backend connection: the HTTP/1.1 client codec (with limits on what a backend may
 * send in its status line and headers), the idle timer that closes a pooled connection nobody uses,
 * and the {@link ResponseRelay}.
 */
public final class BackendInitializer extends ChannelInitializer<Channel> {

  /** Longest status line accepted from a backend. */
  static final int MAX_INITIAL_LINE = 8192;

  /** Largest response header section accepted from a backend. */
  static final int MAX_HEADER_SIZE = 65536;

  /** Largest body part handed on at once; bounds the memory one read of the backend takes. */
  static final int MAX_CHUNK_SIZE = 65536;

  private final Supplier<Duration> idleTimeout;

  /** An initializer reading the idle timeout in force from {@code idleTimeout} at each connect. */
  public BackendInitializer(Supplier<Duration> idleTimeout) {
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast(
            "idle", new IdleStateHandler(idleTimeout.get().toNanos(), 0, 0, TimeUnit.NANOSECONDS))
        .addLast("codec", new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE))
        .addLast("relay", new ResponseRelay());
  }
}
