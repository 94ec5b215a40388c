package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Smooth weighted round-robin, as nginx does it: each pick adds every candidate's weight to its
 * running score, takes the highest score, and subtracts the total weight from the winner. Weights
 * 5, 1, 1 give a a b a c a a; weights 3, 2, 1 give a b a c b a. Over one cycle each backend gets
 * exactly its weight, spread out rather than in bursts.
 *
 * <p>Under {@link SlowStart} a ramping backend's weight is scaled by its factor; weights are kept
 * in thousandths so that the scaling stays smooth and, without a ramp, the order is the same.
 *
 * <p>The scores are shared by all event loops, so picking takes a lock; it is a few additions per
 * backend.
 */
final class SmoothWeightedBalancer implements Balancer {

  private final List<BackendState> backends;
  private final int[] weights;
  private final long[] scores;
  private final SlowStart slowStart;
  private final PanicMode panic;

  SmoothWeightedBalancer(List<BackendState> backends, SlowStart slowStart, PanicMode panic) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
    this.panic = requireNonNull(panic, "panic");
    this.slowStart = requireNonNull(slowStart, "slowStart");
    this.weights = new int[this.backends.size()];
    this.scores = new long[this.backends.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = this.backends.get(i).backend().weight();
    }
  }

  @Override
  public synchronized @Nullable BackendState pick(
      InetAddress client, Collection<BackendState> excluded) {
    Eligibility eligibility = panic.eligibility(backends);
    int best = -1;
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!eligibility.eligible(backends.get(i), excluded)) {
        continue;
      }
      long weight =
          slowStart.on()
              ? Math.max(1, Math.round(weights[i] * 1000 * slowStart.factor(backends.get(i))))
              : weights[i];
      scores[i] += weight;
      total += weight;
      if (best < 0 || scores[i] > scores[best]) {
        best = i;
      }
    }
    if (best < 0) {
      return null;
    }
    scores[best] -= total;
    return backends.get(best);
  }
}
