package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where traffic arriving on a node port or a cloud load balancer may go, as in a Kubernetes
 * Service's {@code externalTrafficPolicy}.
 */
public enum ExternalTrafficPolicy {
  /** To a proxy pod on any node; the proxy sees the forwarding node's address. The default. */
  @JsonProperty("Cluster")
  CLUSTER("Cluster"),
  /** Only to proxy pods on the node it arrived at; the proxy sees the client's own address. */
  @JsonProperty("Local")
  LOCAL("Local");

  private final String kubernetesName;

  ExternalTrafficPolicy(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The value of a Service's {@code spec.externalTrafficPolicy}. */
  public String kubernetesName() {
    return kubernetesName;
  }
}
