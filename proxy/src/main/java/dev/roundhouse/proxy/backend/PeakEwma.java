package dev.roundhouse.proxy.backend;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A backend's response time as {@code least-response-time} sees it: the "peak EWMA" of Finagle and
 * Linkerd. A response slower than the estimate replaces it at once (a backend that turns slow is
 * avoided from its first slow answer); a faster one pulls it down by a weight that grows with the
 * time since the previous sample, and the estimate also decays toward zero while no sample comes,
 * so a backend that was avoided is tried again and can show it is fast again. Half of the old value
 * is gone after {@code decay × ln 2}.
 *
 * <p>Thread-safe: samples come from every event loop. Each update is a few arithmetic operations
 * under this object's lock.
 */
public final class PeakEwma {

  /** The decay time constant of Finagle's and Linkerd's defaults. */
  public static final Duration DEFAULT_DECAY = Duration.ofSeconds(10);

  private final double decayNanos;
  private final LongSupplier nanoClock;
  private long stamp;
  private double cost;

  /** An estimate with no sample yet, decaying over {@code decay}, timed by {@code nanoClock}. */
  public PeakEwma(Duration decay, LongSupplier nanoClock) {
    this.decayNanos = decay.toNanos();
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.stamp = nanoClock.getAsLong();
  }

  /** Counts one response that took {@code nanos}. */
  public synchronized void observe(long nanos) {
    update(nanos);
  }

  /** The estimate now, in nanoseconds: 0 before any sample (or long after the last). */
  public synchronized double nanos() {
    update(0);
    return cost;
  }

  private void update(double sample) {
    long now = nanoClock.getAsLong();
    long elapsed = Math.max(now - stamp, 0);
    stamp = now;
    double keep = Math.exp(-elapsed / decayNanos);
    cost = sample > cost ? sample : cost * keep + sample * (1 - keep);
  }
}
