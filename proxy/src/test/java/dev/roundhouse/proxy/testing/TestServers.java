package dev.roundhouse.proxy.testing;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.TimeUnit;

/** How the tests' servers stop: in an order that leaves nothing to wait for on a dead loop. */
final class TestServers {

  private static final long WAIT_SECONDS = 5;

  private TestServers() {}

  /**
   * Stops accepting, closes every connection while the event loop still runs (so each one leaves
   * {@code channels} as it closes), then shuts the loop down. Closing the group after the loop has
   * ended would wait for ever: a channel closed by the loop's own shutdown may still be in the
   * group, and the notification that completes the group's close can no longer run.
   */
  static void stop(Channel server, ChannelGroup channels, EventLoopGroup group) {
    server.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    channels.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    group
        .shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
