package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where and how the proxy pods are scheduled, with the names and types of a Kubernetes pod spec.
 * Kubernetes-only: these fields sit at the top level of a {@code LoadBalancer}'s spec (beside
 * {@code replicas}), never in the proxy's config file. Every field is optional; a field left out
 * adds nothing to the pods, except {@code topologySpreadConstraints}, whose absence means the
 * operator's soft spread over nodes and zones.
 *
 * @param nodeSelector the pods run only on nodes with these labels
 * @param tolerations taints the pods tolerate
 * @param affinity node and pod (anti-)affinity
 * @param topologySpreadConstraints replace the operator's default spread; {@code []} for none
 * @param imagePullSecrets Secrets to pull the proxy image with
 * @param priorityClassName the pods' PriorityClass
 * @param podLabels labels added to the pods (the operator's own labels win on the same key)
 * @param podAnnotations annotations added to the pods
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodSettings(
    @JsonPropertyDescription("The proxy pods run only on nodes with these labels.")
        Map<String, String> nodeSelector,
    @JsonPropertyDescription("Taints the proxy pods tolerate.") List<Toleration> tolerations,
    @JsonPropertyDescription("Node affinity and pod (anti-)affinity of the proxy pods.")
        Affinity affinity,
    @JsonPropertyDescription(
            "How the proxy pods spread over the cluster. Left out: a soft spread (ScheduleAnyway)"
                + " over nodes (kubernetes.io/hostname) and zones (topology.kubernetes.io/zone);"
                + " [] for none.")
        List<TopologySpreadConstraint> topologySpreadConstraints,
    @JsonPropertyDescription("Secrets holding the credentials to pull the proxy image.")
        List<LocalObjectReference> imagePullSecrets,
    @JsonPropertyDescription("The PriorityClass of the proxy pods.") String priorityClassName,
    @JsonPropertyDescription(
            "Labels added to the proxy pods. The operator's own labels (app.kubernetes.io/*,"
                + " roundhouse.dev/*) keep their values.")
        Map<String, String> podLabels,
    @JsonPropertyDescription("Annotations added to the proxy pods.")
        Map<String, String> podAnnotations) {

  /** The names of these fields in the spec. */
  public static final Set<String> FIELDS =
      Set.of(
          "nodeSelector",
          "tolerations",
          "affinity",
          "topologySpreadConstraints",
          "imagePullSecrets",
          "priorityClassName",
          "podLabels",
          "podAnnotations");

  /** Nothing set. */
  public static final PodSettings NONE =
      new PodSettings(null, null, null, null, null, null, null, null);

  /** Copies what is given; what is not stays null (left out of the spec as written). */
  public PodSettings {
    nodeSelector = nodeSelector != null ? Map.copyOf(nodeSelector) : null;
    tolerations = tolerations != null ? List.copyOf(tolerations) : null;
    topologySpreadConstraints =
        topologySpreadConstraints != null ? List.copyOf(topologySpreadConstraints) : null;
    imagePullSecrets = imagePullSecrets != null ? List.copyOf(imagePullSecrets) : null;
    podLabels = podLabels != null ? Map.copyOf(podLabels) : null;
    podAnnotations = podAnnotations != null ? Map.copyOf(podAnnotations) : null;
  }
}
