package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

/**
 * The flushes one event loop puts off ({@link DeferredFlush#soon}) until it has handled the I/O
 * events of its current turn: Netty runs the loop's tasks after them, and the batch runs as one
 * task. A flush per message sent each request and each response the moment it was ready, and a
 * backend or client that had gone back to waiting was woken again for the next one; the kernel's
 * wake-ups cost the proxy's CPU (in {@code sendto}) and the other side's. Sent in batches, the same
 * system calls go out closer together. HAProxy, too, sends at the end of its loop's turn.
 *
 * <p>The flushes go out in the order they were put off, and the {@link #MAX_WAITING}th sends them
 * all at once. With hundreds of connections ready in one turn, putting every flush off to its end
 * made the proxy slower than not putting any off, as each send found its connection's state gone
 * from the CPU's caches (docs/bench.md, "Stop 38": 8, 16, 32 and no bound tried). Used on its event
 * loop only.
 */
public final class FlushBatch implements Runnable {

  /** The number of put-off flushes that sends them all at once. */
  static final int MAX_WAITING = 16;

  private final EventLoop loop;
  private final DeferredFlush[] waiting = new DeferredFlush[MAX_WAITING];
  private int count;
  private boolean scheduled;
  private boolean sending;

  /** The batch of {@code loop}. */
  public FlushBatch(EventLoop loop) {
    this.loop = requireNonNull(loop, "loop");
  }

  void add(DeferredFlush flush) {
    if (sending) { // a flush put off by one of the batch's own (a write's listener): at once
      flush.now();
      return;
    }
    waiting[count++] = flush;
    if (count == MAX_WAITING) {
      send();
    } else if (!scheduled) {
      scheduled = true;
      try {
        loop.execute(this);
      } catch (RejectedExecutionException shuttingDown) {
        scheduled = false;
        send();
      }
    }
  }

  /** The loop's task: sends what waits. */
  @Override
  public void run() {
    scheduled = false;
    send();
  }

  private void send() {
    sending = true;
    try {
      for (int i = 0; i < count; i++) {
        waiting[i].now();
      }
    } finally {
      Arrays.fill(waiting, 0, count, null);
      count = 0;
      sending = false;
    }
  }
}
