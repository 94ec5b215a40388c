package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The request timeout of one client connection, reused by its requests one after the other.
 *
 * <p>Scheduling and cancelling a task for every request costs a priority-queue insert and removal
 * per request. Instead, arming only moves the deadline; a task is scheduled when none is pending or
 * the new deadline is earlier, and when it runs it either fires (the deadline passed) or sleeps
 * again until the current deadline. With keep-alive, a connection schedules about one task per
 * timeout period rather than one per request. Used on its event loop only.
 */
public final class DeadlineTimer {

  private final EventExecutor loop;
  private long deadline;
  private Runnable action;
  private ScheduledFuture<?> pending;
  private long pendingAt;

  /** A timer running its actions on {@code loop}. */
  public DeadlineTimer(EventExecutor loop) {
    this.loop = requireNonNull(loop, "loop");
  }

  /** Runs {@code onExpiry} after {@code timeout}, unless {@link #disarm} comes first. */
  void arm(Duration timeout, Runnable onExpiry) {
    action = requireNonNull(onExpiry, "onExpiry");
    deadline = loop.ticker().nanoTime() + timeout.toNanos();
    if (pending == null || deadline - pendingAt < 0) {
      if (pending != null) {
        pending.cancel(false);
      }
      schedule();
    }
  }

  /** Forgets the armed action. */
  void disarm() {
    action = null;
  }

  /** Cancels any scheduled task: the connection is gone. */
  public void stop() {
    action = null;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void schedule() {
    pendingAt = deadline;
    pending = loop.schedule(this::wake, deadline - loop.ticker().nanoTime(), TimeUnit.NANOSECONDS);
  }

  private void wake() {
    pending = null;
    if (action == null) {
      return;
    }
    if (loop.ticker().nanoTime() - deadline >= 0) {
      Runnable expired = action;
      action = null;
      expired.run();
    } else {
      schedule();
    }
  }
}
