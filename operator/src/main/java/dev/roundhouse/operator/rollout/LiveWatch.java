package dev.roundhouse.operator.rollout;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The watch over a revision that went live: every health-check interval all its backends (read
 * again each round, with {@code required} of their number) are checked; {@code threshold} rounds in
 * a row with fewer than {@code required} healthy fail it, and a revision still standing when {@code
 * window} is over survived. Runs on a scheduler; {@code onDone} is called once, when it failed or
 * survived.
 */
public final class LiveWatch {

  /** How a watch ended. */
  public sealed interface Ending {
    /** The revision stayed healthy enough for the whole window. */
    record Survived() implements Ending {}

    /**
     * The revision fell below its minimum for {@code rounds} checks in a row; {@code last} is the
     * last of them.
     */
    record Failed(int rounds, GateVerdict last) implements Ending {}
  }

  private final Supplier<List<Backend>> targets;
  private final HealthCheck check;
  private final IntUnaryOperator required;
  private final int threshold;
  private final Duration window;
  private final BackendProbes probes;
  private final ScheduledExecutorService scheduler;
  private final Runnable onDone;
  private final CompletableFuture<Ending> ending = new CompletableFuture<>();
  private int failedInARow;
  private long until;

  /** A watch of the backends {@code targets} gives each round; not started yet. */
  public LiveWatch(
      Supplier<List<Backend>> targets,
      HealthCheck check,
      IntUnaryOperator required,
      int threshold,
      Duration window,
      BackendProbes probes,
      ScheduledExecutorService scheduler,
      Runnable onDone) {
    this.targets = requireNonNull(targets, "targets");
    this.check = requireNonNull(check, "check");
    this.required = requireNonNull(required, "required");
    this.threshold = threshold;
    this.window = requireNonNull(window, "window");
    this.probes = requireNonNull(probes, "probes");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.onDone = requireNonNull(onDone, "onDone");
  }

  /** Starts watching; the first check comes one interval from now. */
  public LiveWatch start() {
    until = System.nanoTime() + window.toNanos();
    next();
    return this;
  }

  /** How the watch ended, once it did. */
  public Optional<Ending> ending() {
    return Optional.ofNullable(ending.getNow(null));
  }

  /** Stops watching; {@code onDone} is not called. */
  public void cancel() {
    ending.cancel(false);
  }

  private void next() {
    long left = until - System.nanoTime();
    if (left <= 0) {
      end(new Ending.Survived());
      return;
    }
    scheduler.schedule(
        this::round, Math.min(check.interval().toNanos(), left), TimeUnit.NANOSECONDS);
  }

  private void round() {
    if (ending.isDone()) {
      return;
    }
    List<Backend> backends = List.copyOf(targets.get());
    probes
        .checkAll(backends, check)
        .thenAccept(
            outcomes -> {
              List<ProbeOutcome> failing = outcomes.stream().filter(o -> !o.healthy()).toList();
              int healthy = outcomes.size() - failing.size();
              GateVerdict round =
                  new GateVerdict(
                      healthy, required.applyAsInt(backends.size()), backends.size(), failing);
              failedInARow = round.passed() ? 0 : failedInARow + 1;
              if (failedInARow >= threshold) {
                end(new Ending.Failed(failedInARow, round));
              } else {
                next();
              }
            });
  }

  private void end(Ending how) {
    if (ending.complete(how)) {
      onDone.run();
    }
  }
}
