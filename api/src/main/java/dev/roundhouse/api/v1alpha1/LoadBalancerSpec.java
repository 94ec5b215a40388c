package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roundhouse.api.LoadBalancerConfig;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.io.IOException;

/**
 * The desired state of a {@code LoadBalancer}: the proxy's config file ({@link LoadBalancerConfig},
 * its fields at the top level of the spec, with the same names), plus how the proxy pods run.
 *
 * <p>A field of the config is declared once, in {@link LoadBalancerConfig}: it is written here
 * unwrapped, read by {@link Reader}, and the CRD generator inlines it into the spec's schema.
 *
 * @param config the proxy configuration: frontends, backends, algorithm, health checks, timeouts,
 *     limits, retries, logging, metrics
 * @param replicas the number of proxy pods (default 1)
 * @param image the proxy image; the operator's default when empty
 * @param service the Service in front of the pods
 * @param resources CPU and memory for each proxy container
 * @param revisionHistoryLimit how many old revisions are kept for rollback (default 10)
 * @param pod where and how the pods are scheduled: node selector, tolerations, affinity, spread,
 *     pull secrets, priority class, pod labels and annotations (at the top level of the spec)
 * @param rollout the health gate before a new revision takes traffic and the watch after; no part
 *     of a revision
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = LoadBalancerSpec.Reader.class)
@SchemaCustomizer(value = UnwrappedSchema.class, input = "config")
@SchemaCustomizer(value = UnwrappedSchema.class, input = "pod")
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
@ValidationRule(
    value =
        "self.frontends.all(f, !has(f.redirectToHttps)"
            + " || self.frontends.exists(g, g.port == f.redirectToHttps && has(g.tls)))",
    message = "redirectToHttps must name the port of a frontend with tls")
public record LoadBalancerSpec(
    @JsonUnwrapped LoadBalancerConfig config,
    // A schema default, not only a Java one: the API server's scale subresource (an HPA, KEDA,
    // kubectl scale) and the REPLICAS column read the stored field.
    @JsonPropertyDescription("Number of proxy pods. Default 1.")
        @SpecReplicas
        @Min(0)
        @Default("" + DEFAULT_REPLICAS)
        Integer replicas,
    @JsonPropertyDescription(
            "Proxy container image. Default: the operator's configured proxy image.")
        String image,
    @JsonPropertyDescription("The Service in front of the proxy pods.") ServiceSettings service,
    @JsonPropertyDescription("CPU and memory requests and limits of each proxy container.")
        ResourceRequirements resources,
    @JsonPropertyDescription("How many old revisions are kept for rollback. Default 10.")
        @Min(1)
        @Default("" + DEFAULT_REVISION_HISTORY_LIMIT)
        Integer revisionHistoryLimit,
    @JsonUnwrapped PodSettings pod,
    @JsonPropertyDescription(
            "How a new revision is rolled out: the operator health-checks its backends before the"
                + " proxies get it (a failing revision is held), and watches it after (a failing"
                + " one is rolled back to the last good revision). Not part of a revision.")
        RolloutSettings rollout) {

  /** The number of proxy pods when none is given. */
  public static final int DEFAULT_REPLICAS = 1;

  /** The number of revisions kept when no limit is given. */
  public static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;

  /** Fills in the defaults; the config fills in its own. */
  public LoadBalancerSpec {
    config = config != null ? config : LoadBalancerConfig.builder().build();
    replicas = replicas != null ? replicas : DEFAULT_REPLICAS;
    service = service != null ? service : ServiceSettings.DEFAULTS;
    revisionHistoryLimit =
        revisionHistoryLimit != null ? revisionHistoryLimit : DEFAULT_REVISION_HISTORY_LIMIT;
    pod = pod != null ? pod : PodSettings.NONE;
    rollout = rollout != null ? rollout : RolloutSettings.DEFAULTS;
  }

  /** A spec with the default rollout settings. */
  public LoadBalancerSpec(
      LoadBalancerConfig config,
      Integer replicas,
      String image,
      ServiceSettings service,
      ResourceRequirements resources,
      Integer revisionHistoryLimit,
      PodSettings pod) {
    this(config, replicas, image, service, resources, revisionHistoryLimit, pod, null);
  }

  /** A spec with no pod scheduling settings. */
  public LoadBalancerSpec(
      LoadBalancerConfig config,
      Integer replicas,
      String image,
      ServiceSettings service,
      ResourceRequirements resources,
      Integer revisionHistoryLimit) {
    this(config, replicas, image, service, resources, revisionHistoryLimit, null, null);
  }

  /** A spec running {@code config} with every Kubernetes setting at its default. */
  public static LoadBalancerSpec of(LoadBalancerConfig config) {
    return new LoadBalancerSpec(config, null, null, null, null, null);
  }

  /** The same spec running {@code config}. */
  public LoadBalancerSpec withConfig(LoadBalancerConfig config) {
    return new LoadBalancerSpec(
        config, replicas, image, service, resources, revisionHistoryLimit, pod, rollout);
  }

  /** The same spec rolled out with {@code rollout}. */
  public LoadBalancerSpec withRollout(RolloutSettings rollout) {
    return new LoadBalancerSpec(
        config, replicas, image, service, resources, revisionHistoryLimit, pod, rollout);
  }

  /**
   * Reads a spec: the spec's own fields by name, and everything else as the {@link
   * LoadBalancerConfig}, so that a field neither knows is reported (with its path) under the
   * reader's settings, as for any other type. Jackson's own {@code @JsonUnwrapped} reading would
   * skip unknown fields silently.
   */
  static final class Reader extends StdDeserializer<LoadBalancerSpec> {

    Reader() {
      super(LoadBalancerSpec.class);
    }

    @Override
    public LoadBalancerSpec deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode tree = context.readTree(parser);
      if (!(tree instanceof ObjectNode object)) {
        return (LoadBalancerSpec) context.handleUnexpectedToken(LoadBalancerSpec.class, parser);
      }
      ObjectNode rest = object.deepCopy();
      // The spec's own fields are taken out first; what remains is the config's.
      Integer replicas = take(context, rest, "replicas", Integer.class);
      String image = take(context, rest, "image", String.class);
      ServiceSettings service = take(context, rest, "service", ServiceSettings.class);
      ResourceRequirements resources = take(context, rest, "resources", ResourceRequirements.class);
      Integer historyLimit = take(context, rest, "revisionHistoryLimit", Integer.class);
      RolloutSettings rollout = take(context, rest, "rollout", RolloutSettings.class);
      ObjectNode podFields = object.objectNode();
      for (String name : PodSettings.FIELDS) {
        JsonNode value = rest.remove(name);
        if (value != null) {
          podFields.set(name, value);
        }
      }
      PodSettings pod = context.readTreeAsValue(podFields, PodSettings.class);
      LoadBalancerConfig config = context.readTreeAsValue(rest, LoadBalancerConfig.class);
      return new LoadBalancerSpec(
          config, replicas, image, service, resources, historyLimit, pod, rollout);
    }

    private static <T> T take(
        DeserializationContext context, ObjectNode node, String name, Class<T> type)
        throws IOException {
      JsonNode value = node.remove(name);
      if (value == null || value.isNull()) {
        return null;
      }
      try {
        return context.readTreeAsValue(value, type);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, LoadBalancerSpec.class, name);
      }
    }
  }
}
