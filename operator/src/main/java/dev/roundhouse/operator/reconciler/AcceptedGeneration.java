package dev.roundhouse.operator.reconciler;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Whether an earlier pass already accepted the resource's current generation, as its status says.
 * Then that pass read the stored spec strictly and recorded it as the revision in status, and
 * neither needs the API again: every change of the spec makes a new generation. Most passes are
 * started by the proxy Deployment's status (each pod that becomes ready) and change nothing; this
 * is what makes them cost no API request.
 */
final class AcceptedGeneration {

  private AcceptedGeneration() {}

  /**
   * The revision recorded for {@code lb}'s generation (the one its spec asks for, which may not be
   * the one in force yet), if its status shows the generation accepted and no rollback request is
   * pending (which would change the spec).
   */
  static OptionalLong revision(LoadBalancer lb) {
    LoadBalancerStatus status = lb.getStatus();
    Map<String, String> annotations = lb.getMetadata().getAnnotations();
    if (status == null
        || status.getCurrentRevision() == null
        || lb.getMetadata().getGeneration() == null
        || (annotations != null && annotations.containsKey(LoadBalancer.ROLLBACK_TO_ANNOTATION))) {
      return OptionalLong.empty();
    }
    boolean accepted =
        Conditions.find(status.getConditions(), Conditions.ACCEPTED)
            .filter(c -> "True".equals(c.getStatus()))
            .filter(
                c -> Objects.equals(c.getObservedGeneration(), lb.getMetadata().getGeneration()))
            .isPresent();
    // The spec's revision: the one in force, unless a newer one is gated, held or rolled back.
    long desired =
        status.getDesiredRevision() != null
            ? status.getDesiredRevision()
            : status.getCurrentRevision();
    return accepted ? OptionalLong.of(desired) : OptionalLong.empty();
  }
}
