package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The whole load-balancer configuration: the proxy's config file, and the proxy part of a {@code
 * LoadBalancer} resource's spec.
 *
 * <p>Every section but {@code frontends} and {@code backends} is optional and has documented
 * defaults, so the seed config (frontends, backends, healthcheck, logging, metrics) loads as it is.
 * Instances come from {@link ConfigCodec#read} (parsed and validated) or from code; a config built
 * in code is checked with {@link ConfigValidator#validate}.
 *
 * @param frontends the ports to listen on
 * @param backends the servers to forward to
 * @param algorithm how a backend is chosen (default {@code round-robin})
 * @param healthcheck active and passive health checking
 * @param timeouts time limits of the data path
 * @param retries how many other backends are tried when a connection cannot be made, or when an
 *     idempotent request without a body got no answer at all (default 2)
 * @param logging log level, format and access log
 * @param metrics the admin server
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "frontends",
  "backends",
  "algorithm",
  "healthcheck",
  "timeouts",
  "retries",
  "logging",
  "metrics"
})
public record LoadBalancerConfig(
    List<Frontend> frontends,
    List<Backend> backends,
    Algorithm algorithm,
    HealthCheck healthcheck,
    Timeouts timeouts,
    Integer retries,
    Logging logging,
    Metrics metrics) {

  /** The number of retries when none is configured. */
  public static final int DEFAULT_RETRIES = 2;

  /**
   * Fills in defaults and takes unmodifiable copies of the lists. An empty list entry (a bare
   * {@code -} in YAML) stays as {@code null} so that validation can point at it.
   */
  public LoadBalancerConfig {
    frontends = copy(frontends);
    backends = copy(backends);
    algorithm = algorithm != null ? algorithm : Algorithm.ROUND_ROBIN;
    healthcheck = healthcheck != null ? healthcheck : HealthCheck.DEFAULTS;
    timeouts = timeouts != null ? timeouts : Timeouts.DEFAULTS;
    retries = retries != null ? retries : DEFAULT_RETRIES;
    logging = logging != null ? logging : Logging.DEFAULTS;
    metrics = metrics != null ? metrics : Metrics.DEFAULTS;
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** A config with these frontends and backends and every other setting at its default. */
  public static LoadBalancerConfig of(List<Frontend> frontends, List<Backend> backends) {
    return new LoadBalancerConfig(frontends, backends, null, null, null, null, null, null);
  }
}
