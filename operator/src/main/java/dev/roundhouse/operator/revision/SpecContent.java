package dev.roundhouse.operator.revision;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a revision holds: a spec in canonical form (keys sorted, defaults filled in, {@code
 * replicas}, {@code revisionHistoryLimit} and {@code rollout} left out), so two specs that say the
 * same thing compare equal however they were written.
 *
 * <p>{@code replicas} and {@code revisionHistoryLimit} are not part of a revision, as for a
 * Deployment: scaling, by hand or by an autoscaler through the scale subresource, makes no new
 * revision, and a rollback keeps the current number of pods; changing how many revisions are kept
 * changes no config, and a rollback must not bring back an older, smaller limit that would prune
 * the history it rolls back through. {@code rollout} says how revisions go live, not what they
 * hold: a rollback keeps today's rollout settings.
 *
 * @param tree the canonical JSON tree
 */
public record SpecContent(ObjectNode tree) {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String REPLICAS = "replicas";
  private static final String HISTORY_LIMIT = "revisionHistoryLimit";
  private static final String ROLLOUT = "rollout";

  /** The fields the pod template is made from (DeploymentDependent). */
  private static final List<String> POD_LEVEL =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of("image", "resources", "frontends", "metrics"),
              dev.roundhouse.api.v1alpha1.PodSettings.FIELDS.stream().sorted())
          .toList();

  /** Checks the tree is present. */
  public SpecContent {
    requireNonNull(tree, "tree");
  }

  /** The content of {@code spec}. */
  public static SpecContent of(LoadBalancerSpec spec) {
    return fromTree(MAPPER.valueToTree(spec));
  }

  /** The content stored in a ControllerRevision's {@code data}, as read back from the API. */
  public static SpecContent fromData(Object data) {
    JsonNode node = MAPPER.valueToTree(data);
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException("revision data is not a spec object: " + node);
    }
    // Read it through the spec type so that content written by an older operator, with fewer
    // defaults filled in, compares equal to the same spec written today.
    return of(
        toSpec(
            node,
            LoadBalancerSpec.DEFAULT_REPLICAS,
            LoadBalancerSpec.DEFAULT_REVISION_HISTORY_LIMIT));
  }

  /** The content as a value for a ControllerRevision's {@code data}. */
  public Map<String, Object> toData() {
    return MAPPER.convertValue(
        tree, MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
  }

  /**
   * The spec this content describes, with {@code replicas} pods and {@code revisionHistoryLimit},
   * which a revision does not hold.
   */
  public LoadBalancerSpec toSpec(int replicas, int revisionHistoryLimit) {
    return toSpec(tree, replicas, revisionHistoryLimit);
  }

  /**
   * The spec this content describes, with what a revision does not hold ({@code replicas}, {@code
   * revisionHistoryLimit}, {@code rollout}) taken from {@code today}.
   */
  public LoadBalancerSpec toSpec(LoadBalancerSpec today) {
    return toSpec(today.replicas(), today.revisionHistoryLimit()).withRollout(today.rollout());
  }

  /**
   * Whether {@code other} has the same backends and health check as this content: what decides
   * which backends take traffic and which of them count as healthy.
   */
  public boolean sameBackends(SpecContent other) {
    return java.util.Objects.equals(tree.get("backends"), other.tree.get("backends"))
        && java.util.Objects.equals(tree.get("healthcheck"), other.tree.get("healthcheck"));
  }

  /**
   * Whether {@code other} gives the proxy pods a different template than this content: another
   * image, resources, scheduling, frontend ports or admin port. (Everything else reaches the pods
   * through their ConfigMap, without a rollout.)
   */
  public boolean samePodTemplate(SpecContent other) {
    for (String field : POD_LEVEL) {
      if (!java.util.Objects.equals(tree.get(field), other.tree.get(field))) {
        return false;
      }
    }
    return true;
  }

  /** The canonical JSON text. */
  public String json() {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** A short hash of the canonical text, used in the ControllerRevision's name. */
  public String hash() {
    return hash(0);
  }

  /**
   * A short hash of the canonical text and {@code collisions}, for a name that is not taken: as a
   * Deployment's collision count does, each name collision makes a new, still deterministic name.
   * With no collision it is {@link #hash()}.
   */
  public String hash(int collisions) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(json().getBytes(StandardCharsets.UTF_8));
      if (collisions > 0) {
        sha.update(("#" + collisions).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static LoadBalancerSpec toSpec(JsonNode tree, int replicas, int revisionHistoryLimit) {
    ObjectNode copy = tree.deepCopy();
    copy.put(REPLICAS, replicas);
    copy.put(HISTORY_LIMIT, revisionHistoryLimit);
    try {
      return MAPPER.treeToValue(copy, LoadBalancerSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("revision data is not a valid spec: " + e.getMessage(), e);
    }
  }

  private static SpecContent fromTree(JsonNode node) {
    ObjectNode sorted = (ObjectNode) sorted(node);
    sorted.remove(REPLICAS);
    sorted.remove(HISTORY_LIMIT);
    sorted.remove(ROLLOUT);
    return new SpecContent(sorted);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = MAPPER.createObjectNode();
      for (String name : names) {
        JsonNode value = node.get(name);
        if (!value.isNull()) {
          out.set(name, sorted(value));
        }
      }
      return out;
    }
    if (node.isArray()) {
      var out = MAPPER.createArrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }
}
