package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import dev.roundhouse.operator.dependent.Names;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of a {@code LoadBalancer} after a reconciliation: what was accepted, which revision is
 * in force, and how the proxy Deployment is doing.
 */
final class StatusComposer {

  private final LoadBalancer lb;
  private final Optional<Deployment> deployment;
  private final Instant now;
  private List<String> unresolved = List.of();

  /**
   * A report on {@code lb}, whose proxy Deployment is {@code deployment} (empty if it does not
   * exist), at time {@code now}.
   */
  StatusComposer(LoadBalancer lb, Optional<Deployment> deployment, Instant now) {
    this.lb = requireNonNull(lb, "lb");
    this.deployment = requireNonNull(deployment, "deployment");
    this.now = requireNonNull(now, "now");
  }

  /**
   * Reports the {@code service} backends of the spec that resolve to nothing ({@link
   * ServiceBackendRefs#unresolved}) in the {@code ResolvedRefs} condition of an accepted spec.
   */
  StatusComposer withUnresolvedBackends(List<String> unresolved) {
    this.unresolved = List.copyOf(unresolved);
    return this;
  }

  /**
   * The status after accepting the spec as revision {@code desired}, of which the rollout made
   * {@code step}.
   *
   * @param rollback the outcome of a rollback request handled in this pass, if any
   */
  LoadBalancerStatus accepted(long desired, RolloutStep step, Optional<RollbackOutcome> rollback) {
    Conditions conditions = conditions();
    conditions.set(
        Conditions.ACCEPTED,
        true,
        "Valid",
        step.served() == desired
            ? "the spec is valid; revision " + desired + " is in force"
            : "the spec is valid (revision "
                + desired
                + "); revision "
                + step.served()
                + " is in force");
    rollout(conditions, step.served());
    resolvedRefs(conditions);
    step.progressing()
        .ifPresent(
            p -> conditions.set(Conditions.PROGRESSING, p.status(), p.reason(), p.message()));
    if (step.rolledBack().isPresent()) {
      RolloutStep.Flag r = step.rolledBack().get();
      conditions.set(Conditions.ROLLED_BACK, r.status(), r.reason(), r.message());
    } else if (!step.live()) {
      conditions.keep(Conditions.ROLLED_BACK);
    }
    return status(step.served(), desired, rollback(conditions, rollback));
  }

  private void resolvedRefs(Conditions conditions) {
    if (!ServiceBackendRefs.any(lb)) {
      return;
    }
    if (unresolved.isEmpty()) {
      conditions.set(
          Conditions.RESOLVED_REFS,
          true,
          "ResolvedRefs",
          "every service backend has a ready endpoint");
    } else {
      conditions.set(
          Conditions.RESOLVED_REFS, false, "NoEndpoints", ServiceBackendRefs.describe(unresolved));
    }
  }

  /** The status after rejecting the spec for {@code problems}; the revision in force stays. */
  LoadBalancerStatus rejected(List<Violation> problems, Optional<RollbackOutcome> rollback) {
    return notAccepted("InvalidSpec", SpecCheck.describe(problems), rollback);
  }

  /**
   * The status when the stored spec cannot be read ({@code problem}, see {@link StoredSpec}); the
   * revision in force stays.
   */
  LoadBalancerStatus unreadable(Violation problem) {
    return notAccepted("UnreadableSpec", problem.toString(), Optional.empty());
  }

  private LoadBalancerStatus notAccepted(
      String reason, String problems, Optional<RollbackOutcome> rollback) {
    Long revision = previous().getCurrentRevision();
    Conditions conditions = conditions();
    conditions.set(
        Conditions.ACCEPTED,
        false,
        reason,
        problems
            + (revision == null
                ? "; nothing is deployed until the spec is fixed"
                : "; revision " + revision + " stays in force"));
    if (deployment.isEmpty()) {
      conditions.set(Conditions.PROGRESSING, false, "SpecRejected", "nothing to roll out");
      conditions.set(Conditions.AVAILABLE, false, "NoDeployment", "no proxy pod exists");
    } else {
      rollout(conditions, revision);
    }
    conditions.keep(Conditions.ROLLED_BACK);
    conditions.keep(Conditions.RESOLVED_REFS);
    return status(revision, previous().getDesiredRevision(), rollback(conditions, rollback));
  }

  /** The status after a reconciliation failed with {@code error}; the framework will retry. */
  LoadBalancerStatus failed(Exception error) {
    Conditions conditions = conditions();
    conditions.keep(Conditions.ACCEPTED);
    conditions.set(
        Conditions.PROGRESSING,
        false,
        "ReconcileError",
        Objects.requireNonNullElse(error.getMessage(), error.getClass().getSimpleName())
            + " (retrying)");
    conditions.keep(Conditions.AVAILABLE);
    conditions.keep(Conditions.RESOLVED_REFS);
    conditions.keep(Conditions.ROLLBACK);
    conditions.keep(Conditions.ROLLED_BACK);
    return status(previous().getCurrentRevision(), previous().getDesiredRevision(), conditions);
  }

  private void rollout(Conditions conditions, Long revision) {
    if (deployment.isEmpty()) {
      conditions.set(Conditions.PROGRESSING, true, "Creating", "creating the proxy Deployment");
      conditions.set(Conditions.AVAILABLE, false, "NoPods", "no proxy pod exists yet");
      return;
    }
    Deployment d = deployment.get();
    DeploymentStatus s = Optional.ofNullable(d.getStatus()).orElseGet(DeploymentStatus::new);
    int wanted = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    int updated = orZero(s.getUpdatedReplicas());
    int ready = orZero(s.getReadyReplicas());
    int total = orZero(s.getReplicas());
    Optional<DeploymentCondition> stalled =
        s.getConditions().stream()
            .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
            .findFirst();
    boolean seen =
        s.getObservedGeneration() != null
            && s.getObservedGeneration()
                >= Optional.ofNullable(d.getMetadata().getGeneration()).orElse(0L);
    String counts = updated + " of " + wanted + " pods updated, " + ready + " ready";
    if (stalled.isPresent()) {
      conditions.set(
          Conditions.PROGRESSING,
          false,
          Optional.ofNullable(stalled.get().getReason()).orElse("RolloutStalled"),
          Objects.requireNonNullElse(stalled.get().getMessage(), "the rollout stalled")
              + " ("
              + counts
              + "; see kubectl describe pods -l "
              + Names.selectorString(lb)
              + ")");
    } else if (!seen || updated < wanted || total > updated || ready < wanted) {
      conditions.set(Conditions.PROGRESSING, true, "RollingOut", counts);
    } else {
      conditions.set(
          Conditions.PROGRESSING,
          false,
          "RolloutComplete",
          "all " + wanted + " pods run the current template; config revision " + revision);
    }
    if (wanted == 0) {
      conditions.set(Conditions.AVAILABLE, false, "ScaledToZero", "replicas is 0");
    } else if (ready > 0) {
      conditions.set(
          Conditions.AVAILABLE, true, "PodsReady", ready + " of " + wanted + " pods ready");
    } else {
      conditions.set(
          Conditions.AVAILABLE,
          false,
          "NoReadyPods",
          "none of the "
              + wanted
              + " pods is ready; see kubectl describe pods -l "
              + Names.selectorString(lb));
    }
  }

  private Conditions rollback(Conditions conditions, Optional<RollbackOutcome> rollback) {
    if (rollback.isPresent()) {
      RollbackOutcome outcome = rollback.get();
      return conditions.set(
          Conditions.ROLLBACK, outcome.succeeded(), outcome.reason(), outcome.message());
    }
    return conditions.keep(Conditions.ROLLBACK);
  }

  private LoadBalancerStatus status(Long revision, Long desired, Conditions conditions) {
    LoadBalancerStatus status = new LoadBalancerStatus();
    status.setObservedGeneration(lb.getMetadata().getGeneration());
    status.setCurrentRevision(revision);
    status.setDesiredRevision(desired);
    status.setSelector(Names.selectorString(lb));
    DeploymentStatus s = deployment.map(Deployment::getStatus).orElseGet(DeploymentStatus::new);
    status.setReplicas(orZero(s.getReplicas()));
    status.setReadyReplicas(orZero(s.getReadyReplicas()));
    status.setConditions(conditions.toList());
    return status;
  }

  private Conditions conditions() {
    return new Conditions(previous().getConditions(), lb.getMetadata().getGeneration(), now);
  }

  private LoadBalancerStatus previous() {
    return Optional.ofNullable(lb.getStatus()).orElseGet(LoadBalancerStatus::new);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
