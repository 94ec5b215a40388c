package dev.roundhouse.proxy.pool;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Opens new connections to backends. The connection is registered on the event loop it is asked for
 * (the client connection's), so the client and backend channels of a request share a thread.
 */
public final class BackendConnector {

  /** The backend a connection goes to, set before the channel is initialized. */
  public static final AttributeKey<Backend> BACKEND =
      AttributeKey.valueOf("roundhouse.backend.config");

  private final Bootstrap template;

  /**
   * A connector making connections with {@code connecting} (their socket type, and a resolver that
   * does not block the event loop: {@code Transport.connecting()}), set up by {@code initializer}.
   */
  public BackendConnector(Bootstrap connecting, ChannelHandler initializer) {
    this.template =
        requireNonNull(connecting, "connecting")
            .clone()
            .handler(requireNonNull(initializer, "initializer"))
            .option(ChannelOption.SO_KEEPALIVE, true) // Nagle is off by Netty's default
            .option(ChannelOption.AUTO_READ, false);
  }

  /** Starts connecting to {@code backend} on {@code loop}; fails after {@code timeout}. */
  public ChannelFuture connect(Backend backend, EventLoop loop, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    return template
        .clone(loop)
        .attr(BACKEND, backend)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
        .connect(addressOf(backend));
  }

  /**
   * An IP literal becomes a resolved address at once; a host name stays unresolved so that the
   * bootstrap's resolver looks it up off the event loop, at every new connection (so DNS changes
   * are followed, within the JVM's DNS cache time).
   */
  static InetSocketAddress addressOf(Backend backend) {
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(backend.host());
    if (ip == null) {
      return InetSocketAddress.createUnresolved(backend.host(), backend.port());
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(backend.host(), ip), backend.port());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an IP address after all: " + backend.host(), e);
    }
  }
}
