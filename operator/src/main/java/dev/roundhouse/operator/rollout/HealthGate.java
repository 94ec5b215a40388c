package dev.roundhouse.operator.rollout;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.HealthCheck;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The gate a new revision passes before the proxies get it: its backends are checked in rounds, a
 * backend that passes once counts as healthy, until {@code required} of them did (passed) or {@code
 * timeout} is over (failed). Each round reads the backends again (the endpoints of a Service come
 * and go while a gate runs), computes {@code required} of their number, and checks those that have
 * not passed yet, at most one round per {@link #ROUND_PERIOD}. No backend at all is not healthy:
 * the gate waits for one. Runs on a scheduler; {@code onDone} is called once, when the verdict is
 * in.
 */
public final class HealthGate {

  /** The time between the starts of two rounds of checks. */
  public static final Duration ROUND_PERIOD = Duration.ofSeconds(1);

  private final Supplier<List<Backend>> targets;
  private final HealthCheck check;
  private final IntUnaryOperator required;
  private final Duration timeout;
  private final BackendProbes probes;
  private final ScheduledExecutorService scheduler;
  private final Runnable onDone;
  private final Map<String, ProbeOutcome> latest = new LinkedHashMap<>();
  private final CompletableFuture<GateVerdict> verdict = new CompletableFuture<>();
  private long deadline;
  private volatile List<Backend> backends = List.of();

  /**
   * A gate over the backends {@code targets} gives each round, checked with {@code check}, that
   * needs {@code required} (of their number) of them healthy within {@code timeout}. Not started
   * yet.
   */
  public HealthGate(
      Supplier<List<Backend>> targets,
      HealthCheck check,
      IntUnaryOperator required,
      Duration timeout,
      BackendProbes probes,
      ScheduledExecutorService scheduler,
      Runnable onDone) {
    this.targets = requireNonNull(targets, "targets");
    this.check = requireNonNull(check, "check");
    this.required = requireNonNull(required, "required");
    this.timeout = requireNonNull(timeout, "timeout");
    this.probes = requireNonNull(probes, "probes");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.onDone = requireNonNull(onDone, "onDone");
  }

  /** Starts the first round at once. */
  public HealthGate start() {
    deadline = System.nanoTime() + timeout.toNanos();
    scheduler.execute(this::round);
    return this;
  }

  /** The verdict, once the gate is over. */
  public Optional<GateVerdict> verdict() {
    return Optional.ofNullable(verdict.getNow(null));
  }

  /** Stops the gate; no verdict comes and {@code onDone} is not called. */
  public void cancel() {
    verdict.cancel(false);
  }

  private void round() {
    if (verdict.isDone()) {
      return;
    }
    long started = System.nanoTime();
    backends = List.copyOf(targets.get());
    List<Backend> pending = backends.stream().filter(b -> !passed(b.address())).toList();
    probes
        .checkAll(pending, check)
        .thenAccept(
            outcomes -> {
              synchronized (latest) {
                outcomes.forEach(this::record);
              }
              decide(started);
            });
  }

  private void record(ProbeOutcome outcome) {
    latest.put(outcome.backend(), outcome);
  }

  private boolean passed(String address) {
    synchronized (latest) {
      ProbeOutcome last = latest.get(address);
      return last != null && last.healthy();
    }
  }

  private void decide(long roundStarted) {
    GateVerdict now = current();
    long left = deadline - System.nanoTime();
    if (now.passed() || left <= 0) {
      if (verdict.complete(now)) {
        onDone.run();
      }
      return;
    }
    long wait = Math.max(0, ROUND_PERIOD.toNanos() - (System.nanoTime() - roundStarted));
    scheduler.schedule(this::round, Math.min(wait, left), TimeUnit.NANOSECONDS);
  }

  private GateVerdict current() {
    synchronized (latest) {
      int healthy = 0;
      List<ProbeOutcome> failing = new java.util.ArrayList<>();
      for (Backend b : backends) {
        ProbeOutcome last = latest.get(b.address());
        if (last != null && last.healthy()) {
          healthy++;
        } else if (last != null) {
          failing.add(last);
        }
      }
      return new GateVerdict(
          healthy, required.applyAsInt(backends.size()), backends.size(), failing);
    }
  }
}
