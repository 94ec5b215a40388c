package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.Timeouts;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/**
 * The desired state of a {@code LoadBalancer}: every field of the proxy's config file, with the
 * same names, plus how the proxy pods run.
 *
 * @param frontends the ports to listen on
 * @param backends the servers to forward to, in object form
 * @param algorithm how a backend is chosen
 * @param healthcheck active and passive health checking
 * @param timeouts time limits of the data path
 * @param retries other backends tried when a connection cannot be made, or when an idempotent
 *     request without a body got no answer at all
 * @param logging log level, format and access log
 * @param metrics the proxies' admin server
 * @param replicas the number of proxy pods (default 1)
 * @param image the proxy image; the operator's default when empty
 * @param service the Service in front of the pods
 * @param resources CPU and memory for each proxy container
 * @param revisionHistoryLimit how many old revisions are kept for rollback (default 10)
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
  "metrics",
  "replicas",
  "image",
  "service",
  "resources",
  "revisionHistoryLimit"
})
@ValidationRule(
    value = "self.frontends.all(f, self.frontends.exists_one(g, g.port == f.port))",
    message = "frontend ports must be distinct")
@ValidationRule(
    value =
        "self.frontends.all(f, !has(f.name)"
            + " || self.frontends.exists_one(g, has(g.name) && g.name == f.name))",
    message = "frontend names must be distinct")
// metrics.port left out is 9090, which a frontend may not take either.
@ValidationRule(
    value =
        "self.frontends.all(f, f.port"
            + " != (has(self.metrics) && has(self.metrics.port) ? self.metrics.port : 9090))",
    message = "metrics.port (default 9090) must differ from every frontend port")
public record LoadBalancerSpec(
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
            "How a backend is chosen: round-robin, weighted-round-robin, least-connections, ip-hash or random. Default round-robin.")
        Algorithm algorithm,
    @JsonPropertyDescription("Active and passive health checking of the backends.")
        HealthCheck healthcheck,
    @JsonPropertyDescription("Time limits of the data path.") Timeouts timeouts,
    @JsonPropertyDescription(
            "How many other backends are tried when a connection to one cannot be made, or when an idempotent request without a body got no answer at all. Default 2.")
        @Min(0)
        @Max(10)
        Integer retries,
    @JsonPropertyDescription("Log level, format and access log of the proxies.") Logging logging,
    @JsonPropertyDescription("The proxies' admin server: /metrics, /healthz, /readyz, /status.")
        Metrics metrics,
    @JsonPropertyDescription("Number of proxy pods. Default 1.") @SpecReplicas @Min(0)
        Integer replicas,
    @JsonPropertyDescription(
            "Proxy container image. Default: the operator's configured proxy image.")
        String image,
    @JsonPropertyDescription("The Service in front of the proxy pods.") ServiceSettings service,
    @JsonPropertyDescription("CPU and memory requests and limits of each proxy container.")
        ResourceRequirements resources,
    @JsonPropertyDescription("How many old revisions are kept for rollback. Default 10.") @Min(1)
        Integer revisionHistoryLimit) {

  /** The number of proxy pods when none is given. */
  public static final int DEFAULT_REPLICAS = 1;

  /** The number of revisions kept when no limit is given. */
  public static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;

  /**
   * Fills in the defaults of the Kubernetes fields; the proxy fields default in {@link #toConfig}.
   */
  public LoadBalancerSpec {
    frontends = frontends == null ? List.of() : frontends;
    backends = backends == null ? List.of() : backends;
    replicas = replicas != null ? replicas : DEFAULT_REPLICAS;
    service = service != null ? service : ServiceSettings.DEFAULTS;
    revisionHistoryLimit =
        revisionHistoryLimit != null ? revisionHistoryLimit : DEFAULT_REVISION_HISTORY_LIMIT;
  }

  /** The proxy configuration this spec describes, defaults filled in. */
  public LoadBalancerConfig toConfig() {
    return new LoadBalancerConfig(
        frontends, backends, algorithm, healthcheck, timeouts, retries, logging, metrics);
  }
}
