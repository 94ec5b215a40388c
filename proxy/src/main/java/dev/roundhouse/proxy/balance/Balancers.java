package dev.roundhouse.proxy.balance;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;

/** Makes the balancer of an algorithm. */
public final class Balancers {

  private Balancers() {}

  /** A fresh balancer (its rotation or scores start over) for {@code backends}, in config order. */
  public static Balancer create(Algorithm algorithm, List<BackendState> backends) {
    return create(algorithm, backends, SlowStart.OFF);
  }

  /**
   * A fresh balancer for {@code backends}, in config order, ramping returning backends by {@code
   * slowStart} (which only the weighted and least-* algorithms apply; validation refuses the
   * others).
   */
  public static Balancer create(
      Algorithm algorithm, List<BackendState> backends, SlowStart slowStart) {
    return switch (algorithm) {
      case ROUND_ROBIN -> new RoundRobinBalancer(backends);
      case WEIGHTED_ROUND_ROBIN -> new SmoothWeightedBalancer(backends, slowStart);
      case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(backends, slowStart);
      case LEAST_RESPONSE_TIME -> new LeastResponseTimeBalancer(backends, slowStart);
      case IP_HASH -> new IpHashBalancer(backends);
      case RANDOM -> new RandomBalancer(backends);
    };
  }
}
