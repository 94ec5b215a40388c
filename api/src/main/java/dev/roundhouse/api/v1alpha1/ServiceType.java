package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the load balancer's Service is exposed, as in a Kubernetes Service's {@code type}. */
public enum ServiceType {
  /** Reachable inside the cluster only. The default. */
  @JsonProperty("ClusterIP")
  CLUSTER_IP("ClusterIP"),
  /** Also on a port of every node. */
  @JsonProperty("NodePort")
  NODE_PORT("NodePort"),
  /** Also through the cloud's external load balancer. */
  @JsonProperty("LoadBalancer")
  LOAD_BALANCER("LoadBalancer");

  private final String kubernetesName;

  ServiceType(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The value of a Service's {@code spec.type}. */
  public String kubernetesName() {
    return kubernetesName;
  }
}
