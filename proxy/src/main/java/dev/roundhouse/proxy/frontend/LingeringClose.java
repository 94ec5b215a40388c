package dev.roundhouse.proxy.frontend;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a client connection so that the client reads the last response. Closing a socket that
 * still has unread request bytes makes the kernel send a reset, which can destroy the response
 * before the client reads it (the case RFC 9112 section 9.6 warns about). So: wait for the last
 * write, shut down the sending side (the client sees the end), drain and drop what the client still
 * sends, and close when it closes or after a short grace.
 *
 * <p>A client that said it closes, and whose request was read to its end, sends nothing more: its
 * connection is closed right after the last write ({@link #withoutLinger}). That is most of the
 * cost of a connection per request: Netty's {@code shutdownOutput} builds an exception with a stack
 * trace every time, and the lingering connection stays registered, read once more and timed.
 */
final class LingeringClose {

  /** How long to drain a client that does not close its side. */
  static final long GRACE_MILLIS = 2000;

  private LingeringClose() {}

  /** Starts closing {@code channel} once {@code lastWrite} (null: nothing pending) is done. */
  static void after(Channel channel, @Nullable ChannelFuture lastWrite) {
    if (lastWrite == null || lastWrite.isDone()) {
      linger(channel);
    } else {
      lastWrite.addListener(f -> linger(channel));
    }
  }

  /** Closes {@code channel} once {@code lastWrite} (null: nothing pending) is done. */
  static void withoutLinger(Channel channel, @Nullable ChannelFuture lastWrite) {
    if (lastWrite == null || lastWrite.isDone()) {
      channel.close();
    } else {
      lastWrite.addListener(f -> channel.close());
    }
  }

  private static void linger(Channel channel) {
    if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
      channel.close();
      return;
    }
    duplex
        .shutdownOutput()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                channel.close();
                return;
              }
              channel.config().setAutoRead(true);
              Future<?> grace =
                  channel
                      .eventLoop()
                      .schedule(() -> channel.close(), GRACE_MILLIS, TimeUnit.MILLISECONDS);
              // Most clients close first: then the timer goes at once instead of 2 s later.
              channel.closeFuture().addListener(c -> grace.cancel(false));
            });
  }
}
