package dev.roundhouse.proxy.balance;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;

/** Makes the balancer of an algorithm. */
public final class Balancers {

  private Balancers() {}

  /** A fresh balancer (its rotation or scores start over) for {@code backends}, in config order. */
  public static Balancer create(Algorithm algorithm, List<BackendState> backends) {
    return switch (algorithm) {
      case ROUND_ROBIN -> new RoundRobinBalancer(backends);
      case WEIGHTED_ROUND_ROBIN -> new SmoothWeightedBalancer(backends);
      case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(backends);
      case IP_HASH -> new IpHashBalancer(backends);
      case RANDOM -> new RandomBalancer(backends);
    };
  }
}
