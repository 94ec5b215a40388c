package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * The Service in front of the proxy pods.
 *
 * @param type ClusterIP (default), NodePort or LoadBalancer
 * @param annotations annotations put on the Service, e.g. for a cloud load balancer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSettings(
    @JsonPropertyDescription(
            "Service type: ClusterIP, NodePort or LoadBalancer. Default ClusterIP.")
        ServiceType type,
    @JsonPropertyDescription(
            "Annotations put on the Service, e.g. for a cloud provider's load balancer.")
        Map<String, String> annotations) {

  /** The settings used when the spec has no {@code service} section. */
  public static final ServiceSettings DEFAULTS = new ServiceSettings(null, null);

  /** Fills in the defaults. */
  public ServiceSettings {
    type = type != null ? type : ServiceType.CLUSTER_IP;
    annotations = annotations != null ? Map.copyOf(annotations) : Map.of();
  }
}
