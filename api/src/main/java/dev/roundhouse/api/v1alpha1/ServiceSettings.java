package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * The Service in front of the proxy pods.
 *
 * @param type ClusterIP (default), NodePort or LoadBalancer
 * @param annotations annotations put on the Service, e.g. for a cloud load balancer
 * @param externalTrafficPolicy for NodePort and LoadBalancer: {@code Local} keeps the client's
 *     address (which {@code ip-hash} needs); null for Kubernetes' default, {@code Cluster}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.externalTrafficPolicy) || (has(self.type) && self.type != 'ClusterIP')",
    message = "externalTrafficPolicy needs type NodePort or LoadBalancer")
public record ServiceSettings(
    @JsonPropertyDescription(
            "Service type: ClusterIP, NodePort or LoadBalancer. Default ClusterIP.")
        ServiceType type,
    @JsonPropertyDescription(
            "Annotations put on the Service, e.g. for a cloud provider's load balancer.")
        Map<String, String> annotations,
    @JsonPropertyDescription(
            "For type NodePort or LoadBalancer: Local sends outside traffic only to proxy pods on"
                + " the node it arrived at, so the proxy sees the client's address (ip-hash needs"
                + " it; X-Forwarded-For carries it); Cluster (Kubernetes' default) spreads it over"
                + " every node and the proxy sees a node's address.")
        ExternalTrafficPolicy externalTrafficPolicy) {

  /** The settings used when the spec has no {@code service} section. */
  public static final ServiceSettings DEFAULTS = new ServiceSettings(null, null, null);

  /** Fills in the defaults; the traffic policy stays unset unless given. */
  public ServiceSettings {
    type = type != null ? type : ServiceType.CLUSTER_IP;
    annotations = annotations != null ? Map.copyOf(annotations) : Map.of();
  }

  /** Whether traffic can come from outside the cluster, through a node port or a cloud LB. */
  public boolean externallyReachable() {
    return type != ServiceType.CLUSTER_IP;
  }
}
