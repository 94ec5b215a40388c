/**
 * The {@code LoadBalancer} custom resource, {@code roundhouse.dev/v1alpha1}.
 *
 * <p>Its spec is the load-balancer configuration of {@link dev.roundhouse.api} plus how the proxy
 * pods run (replicas, image, service, resources, revision history). The CRD in {@code crds/} is
 * generated from these types by the fabric8 CRD generator; field descriptions come from their
 * {@code @JsonPropertyDescription}.
 */
package dev.roundhouse.api.v1alpha1;
