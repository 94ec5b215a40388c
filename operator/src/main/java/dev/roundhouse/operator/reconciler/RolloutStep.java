package dev.roundhouse.operator.reconciler;

import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.operator.revision.SpecContent;
import java.util.Optional;

/**
 * What the rollout decided in one pass: the revision the proxies serve, and what the status says
 * about the revision the spec asks for.
 *
 * @param served the revision the ConfigMap and the pod template hold
 * @param servedContent the served revision's content when it is not the spec's own (held, gated or
 *     rolled back); empty when the proxies serve the spec
 * @param progressing the {@code Progressing} condition while a gate runs or holds the revision;
 *     empty: it follows the proxy Deployment
 * @param rolledBack the {@code RolledBack} condition to set; empty: see {@code live}
 * @param live whether the desired revision is the one served (a {@code RolledBack} condition of an
 *     earlier revision is then dropped)
 * @param watching whether a gate or a watch is still running, so the pass should come back even if
 *     nothing else happens
 */
record RolloutStep(
    long served,
    Optional<SpecContent> servedContent,
    Optional<Flag> progressing,
    Optional<Flag> rolledBack,
    boolean live,
    boolean watching) {

  /**
   * A condition's value.
   *
   * @param status True or False
   * @param reason the reason, CamelCase
   * @param message what a person should know
   */
  record Flag(boolean status, String reason, String message) {}

  /** The spec to write the dependents from: today's, or the served revision's. */
  LoadBalancerSpec servedSpec(LoadBalancerSpec today) {
    return servedContent.map(c -> c.toSpec(today)).orElse(today);
  }

  static RolloutStep live(long revision, boolean watching) {
    return new RolloutStep(
        revision, Optional.empty(), Optional.empty(), Optional.empty(), true, watching);
  }
}
