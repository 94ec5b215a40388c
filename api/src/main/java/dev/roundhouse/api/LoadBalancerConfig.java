package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
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
 * @param upgrades the protocols a client may switch a connection to with {@code Upgrade} (passed to
 *     the backend, which decides; on its {@code 101} the connection becomes a tunnel), matched
 *     without regard to case; {@code h2c} never (default {@code [websocket]}; empty: none)
 * @param limits bounds on client connections (default: none)
 * @param retries how many other backends are tried when a connection cannot be made, or when an
 *     idempotent request without a body got no answer at all (default 2)
 * @param logging log level, format and access log
 * @param metrics the admin server
 * @param sessionPersistence keeps a client session on one backend (default: off)
 * @param slowStart how long a backend that joins or returns ramps up to its full weight (default:
 *     off); for {@code weighted-round-robin}, {@code least-connections} and {@code
 *     least-response-time}
 * @param outlierDetection ejects backends whose responses fail (default: off)
 * @param retryBudget caps {@code retries} to a share of the requests (default: no cap)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "frontends",
  "backends",
  "algorithm",
  "sessionPersistence",
  "slowStart",
  "outlierDetection",
  "healthcheck",
  "timeouts",
  "upgrades",
  "limits",
  "retries",
  "retryBudget",
  "logging",
  "metrics"
})
public record LoadBalancerConfig(
    @JsonPropertyDescription(
            "Ports the load balancer listens on; all share the backends. At least one.")
        @Required
        @Size(min = 1, max = 64)
        List<Frontend> frontends,
    @JsonPropertyDescription("Servers requests are forwarded to, each {url, weight}. At least one.")
        @Required
        @Size(min = 1, max = 256)
        List<Backend> backends,
    @JsonPropertyDescription(
            "How a backend is chosen: round-robin, weighted-round-robin, least-connections, least-response-time, ip-hash or random. Default round-robin.")
        Algorithm algorithm,
    @JsonPropertyDescription("Active and passive health checking of the backends.")
        HealthCheck healthcheck,
    @JsonPropertyDescription("Time limits of the data path.") Timeouts timeouts,
    @JsonPropertyDescription(
            "Protocols a client may switch a connection to with an Upgrade header, passed on to the backend, which decides: on its 101 Switching Protocols the connection becomes a byte tunnel. Matched without regard to case; h2c is never passed. Default [websocket]; [] passes none.")
        @Size(max = 16)
        List<String> upgrades,
    @JsonPropertyDescription(
            "Bounds on client connections: in all (maxConnections) and per client address (maxConnectionsPerClient). No limits by default.")
        Limits limits,
    @JsonPropertyDescription(
            "How many other backends are tried when a connection to one cannot be made, or when an idempotent request without a body got no answer at all. Default 2.")
        @Min(0)
        @Max(10)
        Integer retries,
    @JsonPropertyDescription("Log level, format and access log of the proxies.") Logging logging,
    @JsonPropertyDescription("The proxies' admin server: /metrics, /healthz, /readyz, /status.")
        Metrics metrics,
    @JsonPropertyDescription(
            "Sticky sessions: {type: cookie, name, maxAge, path, secure, httpOnly, sameSite} or {type: header, name}. Off by default.")
        SessionPersistence sessionPersistence,
    @JsonPropertyDescription(
            "How long a backend that joins or comes back healthy ramps from 10% to its full weight, a Go duration such as 30s; for weighted-round-robin, least-connections and least-response-time. Off by default.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration slowStart,
    @JsonPropertyDescription(
            "Ejects backends whose responses fail: consecutive5xx, failurePercent over interval, growing ejection time, maxEjectionPercent, panicThreshold. Off by default.")
        OutlierDetection outlierDetection,
    @JsonPropertyDescription(
            "Caps retries: at most percent of the requests plus minPerSecond a second, over 10 seconds. No cap by default.")
        RetryBudget retryBudget) {

  /** The upgrade protocols passed when none are configured. */
  public static final List<String> DEFAULT_UPGRADES = List.of("websocket");

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
    upgrades = upgrades != null ? copy(upgrades) : DEFAULT_UPGRADES;
    limits = limits != null ? limits : Limits.DEFAULTS;
    retries = retries != null ? retries : DEFAULT_RETRIES;
    logging = logging != null ? logging : Logging.DEFAULTS;
    metrics = metrics != null ? metrics : Metrics.DEFAULTS;
  }

  /** A config without the balancing policies: the one before they existed, by position. */
  public LoadBalancerConfig(
      List<Frontend> frontends,
      List<Backend> backends,
      Algorithm algorithm,
      HealthCheck healthcheck,
      Timeouts timeouts,
      List<String> upgrades,
      Limits limits,
      Integer retries,
      Logging logging,
      Metrics metrics) {
    this(
        frontends,
        backends,
        algorithm,
        healthcheck,
        timeouts,
        upgrades,
        limits,
        retries,
        logging,
        metrics,
        null,
        null,
        null,
        null);
  }

  /** A config without {@code upgrades} and the policies: the one before them, by position. */
  public LoadBalancerConfig(
      List<Frontend> frontends,
      List<Backend> backends,
      Algorithm algorithm,
      HealthCheck healthcheck,
      Timeouts timeouts,
      Limits limits,
      Integer retries,
      Logging logging,
      Metrics metrics) {
    this(
        frontends,
        backends,
        algorithm,
        healthcheck,
        timeouts,
        null,
        limits,
        retries,
        logging,
        metrics);
  }

  /** A config without a {@code limits} section: the one before limits existed, by position. */
  public LoadBalancerConfig(
      List<Frontend> frontends,
      List<Backend> backends,
      Algorithm algorithm,
      HealthCheck healthcheck,
      Timeouts timeouts,
      Integer retries,
      Logging logging,
      Metrics metrics) {
    this(
        frontends,
        backends,
        algorithm,
        healthcheck,
        timeouts,
        (Limits) null,
        retries,
        logging,
        metrics);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** A config with these frontends and backends and every other setting at its default. */
  public static LoadBalancerConfig of(List<Frontend> frontends, List<Backend> backends) {
    return builder().frontends(frontends).backends(backends).build();
  }

  /** A builder with nothing set: what {@link #build} leaves unset takes its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to build a copy with some changed. */
  public Builder toBuilder() {
    return builder()
        .frontends(frontends)
        .backends(backends)
        .algorithm(algorithm)
        .healthcheck(healthcheck)
        .timeouts(timeouts)
        .upgrades(upgrades)
        .limits(limits)
        .retries(retries)
        .logging(logging)
        .metrics(metrics)
        .sessionPersistence(sessionPersistence)
        .slowStart(slowStart)
        .outlierDetection(outlierDetection)
        .retryBudget(retryBudget);
  }

  /** Builds a config by name rather than by position; see the record's fields for each. */
  public static final class Builder {
    private List<Frontend> frontends;
    private List<Backend> backends;
    private Algorithm algorithm;
    private HealthCheck healthcheck;
    private Timeouts timeouts;
    private List<String> upgrades;
    private Limits limits;
    private Integer retries;
    private Logging logging;
    private Metrics metrics;
    private SessionPersistence sessionPersistence;
    private Duration slowStart;
    private OutlierDetection outlierDetection;
    private RetryBudget retryBudget;

    private Builder() {}

    /** Sets {@link LoadBalancerConfig#frontends}. */
    public Builder frontends(List<Frontend> frontends) {
      this.frontends = frontends;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#backends}. */
    public Builder backends(List<Backend> backends) {
      this.backends = backends;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#algorithm}. */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = algorithm;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#healthcheck}. */
    public Builder healthcheck(HealthCheck healthcheck) {
      this.healthcheck = healthcheck;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#timeouts}. */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#upgrades}. */
    public Builder upgrades(List<String> upgrades) {
      this.upgrades = upgrades;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#limits}. */
    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#retries}. */
    public Builder retries(Integer retries) {
      this.retries = retries;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#logging}. */
    public Builder logging(Logging logging) {
      this.logging = logging;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#metrics}. */
    public Builder metrics(Metrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#sessionPersistence}. */
    public Builder sessionPersistence(SessionPersistence sessionPersistence) {
      this.sessionPersistence = sessionPersistence;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#slowStart}. */
    public Builder slowStart(Duration slowStart) {
      this.slowStart = slowStart;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#outlierDetection}. */
    public Builder outlierDetection(OutlierDetection outlierDetection) {
      this.outlierDetection = outlierDetection;
      return this;
    }

    /** Sets {@link LoadBalancerConfig#retryBudget}. */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = retryBudget;
      return this;
    }

    /** The config, defaults filled in. */
    public LoadBalancerConfig build() {
      return new LoadBalancerConfig(
          frontends,
          backends,
          algorithm,
          healthcheck,
          timeouts,
          upgrades,
          limits,
          retries,
          logging,
          metrics,
          sessionPersistence,
          slowStart,
          outlierDetection,
          retryBudget);
    }
  }
}
