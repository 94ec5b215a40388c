package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Slow start ({@code slowStart}): a backend that joins the config or comes back into rotation
 * (healthy again, or back from an ejection) ramps from {@link #MIN_FACTOR} of its weight to all of
 * it, linearly over the window, as HAProxy's {@code slowstart} and Envoy's {@code
 * slow_start_config} do: a cold cache or JIT gets a trickle first instead of its full share at
 * once.
 *
 * <p>{@code weighted-round-robin} multiplies the weight by {@link #factor}; the least-* algorithms
 * let a ramping backend compete for a pick with that probability ({@link #admits}).
 */
public final class SlowStart {

  /** The share of its weight a backend starts its ramp with (Envoy's default minimum, 10%). */
  public static final double MIN_FACTOR = 0.1;

  /** No slow start: every available backend has its whole weight. */
  public static final SlowStart OFF = new SlowStart(null, Clock.systemUTC());

  private final @Nullable Duration window;
  private final Clock clock;

  /** Ramps over {@code window} (null: off), timed by {@code clock}. */
  public SlowStart(@Nullable Duration window, Clock clock) {
    this.window = window;
    this.clock = requireNonNull(clock, "clock");
  }

  /** Whether backends ramp at all. */
  public boolean on() {
    return window != null;
  }

  /** The window, or null when off. */
  public @Nullable Duration window() {
    return window;
  }

  /** The share of its weight {@code backend} has now: from {@link #MIN_FACTOR} to 1. */
  public double factor(BackendState backend) {
    if (window == null) {
      return 1;
    }
    long elapsed = Duration.between(backend.inRotationSince(), clock.instant()).toMillis();
    if (elapsed >= window.toMillis()) {
      return 1;
    }
    return Math.max(MIN_FACTOR, Math.max(elapsed, 0) / (double) window.toMillis());
  }

  /** Whether {@code backend} may compete for this pick: always after its ramp, else by chance. */
  boolean admits(BackendState backend) {
    if (window == null) {
      return true;
    }
    double factor = factor(backend);
    return factor >= 1 || ThreadLocalRandom.current().nextDouble() < factor;
  }
}
