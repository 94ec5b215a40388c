package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Kubernetes API as the proxy reaches it in {@code --configmap} mode: where service backends'
 * EndpointSlices are read.
 *
 * @param client the proxy's client (its ConfigMap's)
 * @param namespace the proxy's namespace, where the Services are
 */
public record KubernetesAccess(KubernetesClient client, String namespace) {

  /** Checks the parts. */
  public KubernetesAccess {
    requireNonNull(client, "client");
    requireNonNull(namespace, "namespace");
  }
}
