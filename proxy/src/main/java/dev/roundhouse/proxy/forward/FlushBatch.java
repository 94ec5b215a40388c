package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;

/**
 * The flushes one event loop puts off ({@link DeferredFlush#soon}) until it has handled the I/O
 * events of its current turn: Netty runs the loop's tasks after them, and the batch runs as one
 * task. A flush per message sent each request and each response the moment it was ready, and a
 * backend or client that had gone back to waiting was woken again for the next one; the kernel's
 * wake-ups cost the proxy's CPU (in {@code sendto}) and the other side's. Sent in batches, the same
 * system calls go out closer together. HAProxy, too, sends at the end of its loop's turn.
 *
 * <p>At most {@link #MAX_WAITING} flushes wait: the sixteenth sends them all at once. With hundreds
 * of connections ready in one turn, putting every flush off to its end made the proxy slower than
 * not putting any off, as each send found its connection's state gone from the CPU's caches
 * (docs/bench.md, "Stop 38": 4, 8, 16 and 32 waiting tried). Used on its event loop only.
 */
public final class FlushBatch implements Runnable {

  /** Flushes put off at most, after which they all go out at once. */
  static final int MAX_WAITING = 16;

  private final EventLoop loop;
  private final DeferredFlush[] waiting = new DeferredFlush[MAX_WAITING];
  private int count;

  /** The batch of {@code loop}. */
  public FlushBatch(EventLoop loop) {
    this.loop = requireNonNull(loop, "loop");
  }

  void add(DeferredFlush flush) {
    if (count == 0) {
      loop.execute(this);
    }
    waiting[count++] = flush;
    if (count == MAX_WAITING) {
      run();
    }
  }

  /** Flushes what waits. A flush that puts off another one (a listener of a write) is taken too. */
  @Override
  public void run() {
    while (count > 0) {
      DeferredFlush next = waiting[--count];
      waiting[count] = null;
      next.now();
    }
  }
}
