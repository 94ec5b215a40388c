package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The owner reference every object created for a {@code LoadBalancer} carries: the resource is its
 * controller, and deleting the resource deletes the object (the garbage collector waits for it
 * under foreground deletion).
 */
public final class Ownership {

  private Ownership() {}

  /** A controller reference to {@code lb}. */
  public static OwnerReference of(LoadBalancer lb) {
    return new OwnerReferenceBuilder()
        .withApiVersion(lb.getApiVersion())
        .withKind(lb.getKind())
        .withName(lb.getMetadata().getName())
        .withUid(lb.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
