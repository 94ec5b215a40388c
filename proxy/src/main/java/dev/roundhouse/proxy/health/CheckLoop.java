package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.HealthCheck;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Checks one backend over and over: at once when started, then every {@code interval} counted from
 * the start of the previous check, minus a little jitter. At most one check is in flight; a check
 * that outlives the interval delays the next one instead of overlapping it.
 *
 * <p>The jitter only ever shortens the wait (by up to 10 % of the interval, at most one second), so
 * that proxies started together drift apart without stretching the promised bound: a backend that
 * stops is marked down within {@code interval x unhealthyThreshold + timeout}.
 *
 * <p>All its state lives on one event executor; other threads only post tasks to it.
 */
final class CheckLoop {

  private static final Duration MAX_JITTER = Duration.ofSeconds(1);

  private final HealthTracker tracker;
  private final Probe probe;
  private final HealthListener listener;
  private final Supplier<HealthCheck> settings;
  private final EventExecutor executor;
  private final Clock clock;
  private boolean stopped;
  private boolean inFlight;
  private long lastStartNanos;
  private ScheduledFuture<?> next;

  CheckLoop(
      HealthTracker tracker,
      Probe probe,
      HealthListener listener,
      Supplier<HealthCheck> settings,
      EventExecutor executor,
      Clock clock) {
    this.tracker = requireNonNull(tracker, "tracker");
    this.probe = requireNonNull(probe, "probe");
    this.listener = requireNonNull(listener, "listener");
    this.settings = requireNonNull(settings, "settings");
    this.executor = requireNonNull(executor, "executor");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Checks at once, then on schedule. */
  void start() {
    executor.execute(this::runCheck);
  }

  /** No more checks; the result of one in flight is dropped. */
  void stop() {
    executor.execute(
        () -> {
          stopped = true;
          cancelNext();
        });
  }

  /** Re-plans the next check after the interval changed, so a shorter one applies at once. */
  void settingsChanged() {
    executor.execute(
        () -> {
          if (!stopped && !inFlight) {
            cancelNext();
            scheduleNext();
          }
        });
  }

  private void runCheck() {
    if (stopped || inFlight) {
      return;
    }
    inFlight = true;
    lastStartNanos = System.nanoTime();
    HealthCheck current = settings.get();
    CompletionStage<ProbeResult> check;
    try {
      check = probe.check(tracker.backend().backend(), current.path(), current.timeout());
    } catch (RuntimeException e) {
      check = CompletableFuture.failedFuture(e);
    }
    check.whenComplete(
        (result, error) ->
            executor.execute(() -> completed(result != null ? result : broken(error))));
  }

  private void completed(ProbeResult result) {
    inFlight = false;
    if (stopped) {
      return;
    }
    tracker.checked(result, settings.get());
    listener.checked(tracker.backend(), result);
    scheduleNext();
  }

  /** A probe that broke its promise never to fail still counts as a failed check, not a hang. */
  private ProbeResult broken(Throwable error) {
    return new ProbeResult(false, "check could not run: " + error, clock.instant(), Duration.ZERO);
  }

  private void scheduleNext() {
    long waitNanos =
        lastStartNanos + delay(settings.get().interval()).toNanos() - System.nanoTime();
    next = executor.schedule(this::runCheck, Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
  }

  private void cancelNext() {
    if (next != null) {
      next.cancel(false);
      next = null;
    }
  }

  /** The interval shortened by a random jitter of up to 10 %, at most one second. */
  static Duration delay(Duration interval) {
    long maxJitter = Math.min(interval.toNanos() / 10, MAX_JITTER.toNanos());
    long jitter = maxJitter <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxJitter + 1);
    return interval.minusNanos(jitter);
  }
}
