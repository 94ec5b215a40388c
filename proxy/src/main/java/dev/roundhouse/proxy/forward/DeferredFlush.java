package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;

/**
 * The flush of one channel, put off until its event loop has handled the I/O events it is handling
 * now ({@link FlushBatch}): the requests and responses of that turn go out together, and the
 * processes at the other ends of them are woken once for several instead of once each.
 *
 * <p>The channel's owner is the only one that writes to it. A client connection puts off the flush
 * of a kept-alive response's end and calls {@link #now} at the end of each of its reads (a read
 * that brings the client's FIN is followed by Netty's close) and before it closes the channel or
 * shuts down its output (which fail what was written but not flushed); a backend connection puts
 * off the flush of its requests and their bodies, and is closed only when its request is abandoned
 * or its response is in, so nothing it closes on needs to go out. Used on the channel's event loop
 * only.
 */
public final class DeferredFlush {

  private final Channel channel;
  private final FlushBatch batch;
  private boolean pending;

  /** Flushes for {@code channel}, put off in {@code batch}, its event loop's. */
  public DeferredFlush(Channel channel, FlushBatch batch) {
    this.channel = requireNonNull(channel, "channel");
    this.batch = requireNonNull(batch, "batch");
  }

  /** Flushes what was written once the loop's current I/O events are handled. */
  public void soon() {
    if (!pending) {
      pending = true;
      batch.add(this);
    }
  }

  /**
   * Flushes now what {@link #soon} put off, if anything: before a close. Returns whether there was
   * something: the socket may not take all of it at once.
   */
  public boolean now() {
    if (!pending) {
      return false;
    }
    pending = false;
    channel.flush();
    return true;
  }
}
