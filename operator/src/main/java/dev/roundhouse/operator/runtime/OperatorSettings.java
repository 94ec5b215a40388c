package dev.roundhouse.operator.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;

/**
 * How the operator runs, as given on its command line.
 *
 * @param watchNamespaces the namespaces whose LoadBalancers are reconciled; empty for all
 * @param proxyImage the proxy image of a LoadBalancer that names none
 * @param leaderElection whether replicas elect a leader through a Lease; only the leader reconciles
 * @param leaseNamespace the Lease's namespace; null for the client's namespace
 * @param identity this replica's name in the Lease and in Events
 * @param leaseTiming how long a lease lasts and how often it is renewed
 * @param serverSideApply whether objects and status are written with server-side apply (on for real
 *     clusters; the mock API server of the tests does not implement it)
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    String proxyImage,
    boolean leaderElection,
    String leaseNamespace,
    String identity,
    LeaseTiming leaseTiming,
    boolean serverSideApply) {

  /** The image a LoadBalancer without {@code spec.image} runs. */
  public static final String DEFAULT_PROXY_IMAGE = "ghcr.io/roundhouse-dev/proxy:0.1.0";

  /** The name of the Lease the replicas compete for. */
  public static final String LEASE_NAME = "roundhouse-operator-leader";

  /** Checks the required parts and copies the namespaces. */
  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
    requireNonNull(proxyImage, "proxyImage");
    requireNonNull(identity, "identity");
    requireNonNull(leaseTiming, "leaseTiming");
  }

  /**
   * Lease timing, as in client-go: a leader that has not renewed for {@code duration} may be
   * replaced; the leader gives up if it cannot renew within {@code renewDeadline}; candidates try
   * every {@code retryPeriod}.
   *
   * @param duration how long a lease is valid
   * @param renewDeadline how long the leader keeps trying to renew
   * @param retryPeriod the time between two attempts
   */
  public record LeaseTiming(Duration duration, Duration renewDeadline, Duration retryPeriod) {

    /** The Kubernetes defaults: 15 s, 10 s, 2 s. */
    public static final LeaseTiming DEFAULT =
        new LeaseTiming(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    /** Checks the parts. */
    public LeaseTiming {
      requireNonNull(duration, "duration");
      requireNonNull(renewDeadline, "renewDeadline");
      requireNonNull(retryPeriod, "retryPeriod");
    }
  }
}
