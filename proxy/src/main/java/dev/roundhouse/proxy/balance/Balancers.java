package dev.roundhouse.proxy.balance;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;

/** Makes the balancer of an algorithm. */
public final class Balancers {

  private Balancers() {}

  /** A fresh balancer (its rotation or scores start over) for {@code backends}, in config order. */
  public static Balancer create(Algorithm algorithm, List<BackendState> backends) {
    return create(algorithm, backends, SlowStart.OFF, PanicMode.OFF);
  }

  /**
   * A fresh balancer for {@code backends}, in config order, ramping returning backends by {@code
   * slowStart} (which only the weighted and least-* algorithms apply; validation refuses the
   * others), and balancing over every backend while {@code panic} says too few are available.
   */
  public static Balancer create(
      Algorithm algorithm, List<BackendState> backends, SlowStart slowStart, PanicMode panic) {
    return switch (algorithm) {
      case ROUND_ROBIN -> new RoundRobinBalancer(backends, panic);
      case WEIGHTED_ROUND_ROBIN -> new SmoothWeightedBalancer(backends, slowStart, panic);
      case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(backends, slowStart, panic);
      case LEAST_RESPONSE_TIME -> new LeastResponseTimeBalancer(backends, slowStart, panic);
      case IP_HASH -> new IpHashBalancer(backends, panic);
      case RANDOM -> new RandomBalancer(backends, panic);
    };
  }
}
