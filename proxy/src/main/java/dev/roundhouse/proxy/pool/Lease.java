package dev.roundhouse.proxy.pool;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;

/**
 * A connection handed out by the pool.
 *
 * @param channel the connection, active and on the requesting event loop
 * @param reused whether it served a request before; a reused connection may turn out to have been
 *     closed by the backend in the meantime, which a fresh one cannot
 */
public record Lease(Channel channel, boolean reused) {

  /** Checks the channel. */
  public Lease {
    requireNonNull(channel, "channel");
  }
}
