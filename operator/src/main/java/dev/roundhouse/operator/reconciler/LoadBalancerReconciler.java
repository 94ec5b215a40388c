package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import dev.roundhouse.operator.dependent.AdminServiceDependent;
import dev.roundhouse.operator.dependent.ConfigMapDependent;
import dev.roundhouse.operator.dependent.DeploymentDependent;
import dev.roundhouse.operator.dependent.MoreThanOneReplica;
import dev.roundhouse.operator.dependent.Names;
import dev.roundhouse.operator.dependent.PodDisruptionBudgetDependent;
import dev.roundhouse.operator.dependent.ReconcileInputs;
import dev.roundhouse.operator.dependent.RoleBindingDependent;
import dev.roundhouse.operator.dependent.RoleDependent;
import dev.roundhouse.operator.dependent.ServiceAccountDependent;
import dev.roundhouse.operator.dependent.ServiceDependent;
import dev.roundhouse.operator.reconciler.EventRecorder.Reason;
import dev.roundhouse.operator.revision.RevisionInForce;
import dev.roundhouse.operator.revision.SpecContent;
import dev.roundhouse.operator.revision.SpecHistory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns each {@code LoadBalancer} into running, revisioned proxy pods.
 *
 * <p>One pass: read the stored spec strictly, and if it holds a field or value this operator cannot
 * read, report that on the resource and stop there; carry out a rollback request if the resource
 * has one; check the spec, and if it is invalid stop there, so that nothing downstream changes;
 * record the spec as a revision; decide which revision the proxies serve ({@link RolloutDecider}:
 * the spec's, or the one in force while the spec's is health-gated, held or rolled back); let the
 * dependents converge (the workflow runs only when this reconciler invokes it, which is how
 * validation gates it), from the spec just checked, so that a rollback is carried out in this same
 * pass; report the status.
 *
 * <p>Every change of the resource triggers a pass, not only a new generation: the rollback and
 * restart requests are annotations, which do not change the generation. A generation the status
 * shows accepted is neither read again nor recorded again ({@link AcceptedGeneration}), so a pass
 * that changes nothing makes no API request.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "config", type = ConfigMapDependent.class),
      @Dependent(name = "serviceaccount", type = ServiceAccountDependent.class),
      @Dependent(name = "role", type = RoleDependent.class),
      @Dependent(
          name = "rolebinding",
          type = RoleBindingDependent.class,
          dependsOn = {"role", "serviceaccount"}),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = {"config", "rolebinding"}),
      @Dependent(name = "service", type = ServiceDependent.class),
      @Dependent(name = "adminservice", type = AdminServiceDependent.class),
      @Dependent(
          name = "pdb",
          type = PodDisruptionBudgetDependent.class,
          reconcilePrecondition = MoreThanOneReplica.class),
    })
@ControllerConfiguration(
    name = LoadBalancerReconciler.NAME,
    // Server-side apply records every field the operator owns under this name.
    fieldManager = Names.MANAGER,
    generationAwareEventProcessing = false)
public class LoadBalancerReconciler implements Reconciler<LoadBalancer> {

  /** The controller's name, in logs and metrics. */
  public static final String NAME = "loadbalancer";

  /** How soon a pass comes back while a gate or a watch runs, if nothing wakes it earlier. */
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final String defaultImage;
  private final StoredSpec storedSpec;
  private final RollbackHandler rollbacks;
  private final SpecHistory history;
  private final EventRecorder events;
  private final RolloutDecider rollouts;
  private final SimpleInboundEventSource<LoadBalancer> rolloutEnded;
  private final Clock clock;

  /**
   * A reconciler.
   *
   * @param defaultImage the proxy image of a resource that names none
   * @param rolloutEnded where the end of a health gate or watch starts a pass (the decider wakes
   *     the resource through it)
   */
  public LoadBalancerReconciler(
      String defaultImage,
      StoredSpec storedSpec,
      RollbackHandler rollbacks,
      SpecHistory history,
      EventRecorder events,
      RolloutDecider rollouts,
      SimpleInboundEventSource<LoadBalancer> rolloutEnded,
      Clock clock) {
    this.defaultImage = requireNonNull(defaultImage, "defaultImage");
    this.storedSpec = requireNonNull(storedSpec, "storedSpec");
    this.rollbacks = requireNonNull(rollbacks, "rollbacks");
    this.history = requireNonNull(history, "history");
    this.events = requireNonNull(events, "events");
    this.rollouts = requireNonNull(rollouts, "rollouts");
    this.rolloutEnded = requireNonNull(rolloutEnded, "rolloutEnded");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public UpdateControl<LoadBalancer> reconcile(
      LoadBalancer original, Context<LoadBalancer> context) {
    OptionalLong recorded = AcceptedGeneration.revision(original);
    Optional<Violation> unreadable =
        recorded.isPresent() ? Optional.empty() : storedSpec.unreadable(original);
    if (unreadable.isPresent()) {
      report(original, Reason.SpecUnreadable, unreadable.get().toString());
      StatusComposer status =
          new StatusComposer(
              original, context.getSecondaryResource(Deployment.class), clock.instant());
      return patchStatus(original, status.unreadable(unreadable.get()), context);
    }
    Optional<RollbackResult> rollback = rollbacks.handle(original);
    LoadBalancer lb = rollback.map(RollbackResult::resource).orElse(original);
    Optional<RollbackOutcome> failedRollback =
        rollback
            .filter(RollbackResult.Failed.class::isInstance)
            .map(r -> failure(lb, (RollbackResult.Failed) r));
    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);

    List<Violation> problems = SpecCheck.problems(lb);
    if (!problems.isEmpty()) {
      report(lb, Reason.SpecRejected, SpecCheck.describe(problems));
      StatusComposer status = new StatusComposer(lb, deployment, clock.instant());
      return patchStatus(original, status.rejected(problems, failedRollback), context);
    }
    if (isNewGeneration(lb)) {
      events.record(
          lb, Reason.SpecAccepted, "generation " + lb.getMetadata().getGeneration() + " is valid");
    }

    RevisionInForce inForce =
        recorded.isPresent()
            ? new RevisionInForce(recorded.getAsLong(), false, OptionalLong.empty())
            : history.record(lb, SpecContent.of(lb.getSpec()));
    rollouts.track(context.getPrimaryCache());
    RolloutStep step =
        rollouts.decide(
            lb,
            inForce.number(),
            deployment,
            EndpointSliceWatch.slicesIn(context, lb.getMetadata().getNamespace()));
    if (step.served() == inForce.number()) {
      announce(lb, inForce);
    }
    Optional<RollbackOutcome> outcome =
        failedRollback.or(
            () ->
                rollback
                    .filter(RollbackResult.Restored.class::isInstance)
                    .map(r -> success(lb, (RollbackResult.Restored) r, inForce)));
    LoadBalancerSpec served = step.servedSpec(lb.getSpec());
    String image =
        Optional.ofNullable(served.image()).filter(s -> !s.isBlank()).orElse(defaultImage);
    new ReconcileInputs(step.served(), image, restartStamp(lb, deployment)).storeIn(context);
    handToDependents(served, context);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    Optional<Deployment> after = context.getSecondaryResource(Deployment.class);
    List<String> unresolved = unresolvedBackends(lb, context);
    StatusComposer status =
        new StatusComposer(lb, after, clock.instant()).withUnresolvedBackends(unresolved);
    UpdateControl<LoadBalancer> control =
        patchStatus(original, status.accepted(inForce.number(), step, outcome), context);
    // A gate or a watch wakes the resource when it ends; this is the safety net.
    return step.watching() ? control.rescheduleAfter(RECHECK) : control;
  }

  @Override
  public List<EventSource<?, LoadBalancer>> prepareEventSources(
      EventSourceContext<LoadBalancer> context) {
    return List.of(EndpointSliceWatch.eventSource(context), rolloutEnded);
  }

  @Override
  public ErrorStatusUpdateControl<LoadBalancer> updateErrorStatus(
      LoadBalancer lb, Context<LoadBalancer> context, Exception e) {
    LoadBalancerStatus status =
        new StatusComposer(lb, context.getSecondaryResource(Deployment.class), clock.instant())
            .failed(e);
    if (status.equals(lb.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(withStatus(lb, status, context));
  }

  /**
   * Makes {@code served} the spec the dependents are written from. The workflow hands them the
   * context's primary, this pass's copy of the resource as it was read; after a rollback that copy
   * still holds the spec the rollback replaced (perhaps a rejected one), which must never reach the
   * ConfigMap or the pods; while a new revision is gated or held, the proxies keep the one in
   * force. Only the spec moves; the status patch at the end of the pass carries the status alone.
   */
  private static void handToDependents(LoadBalancerSpec served, Context<LoadBalancer> context) {
    context.getPrimaryResource().setSpec(served);
  }

  /**
   * The service backends of {@code lb} that resolve to nothing, from the watched EndpointSlices; an
   * Event when that changes (one resolving to nothing, or all resolving again), not on every pass.
   */
  private List<String> unresolvedBackends(LoadBalancer lb, Context<LoadBalancer> context) {
    if (!ServiceBackendRefs.any(lb)) {
      return List.of();
    }
    String namespace = lb.getMetadata().getNamespace();
    List<String> unresolved =
        ServiceBackendRefs.unresolved(
            lb, service -> EndpointSliceWatch.slices(context, namespace, service));
    Optional<Condition> before =
        Conditions.find(status(lb).getConditions(), Conditions.RESOLVED_REFS);
    boolean wasResolved = before.map(c -> "True".equals(c.getStatus())).orElse(false);
    if (!unresolved.isEmpty()) {
      String message = ServiceBackendRefs.describe(unresolved);
      if (wasResolved || before.isEmpty() || !message.equals(before.get().getMessage())) {
        events.record(lb, Reason.BackendUnresolved, message);
      }
    } else if (before.isPresent() && !wasResolved) {
      events.record(lb, Reason.BackendsResolved, "every service backend has a ready endpoint");
    }
    return unresolved;
  }

  private static boolean isNewGeneration(LoadBalancer lb) {
    return !Objects.equals(lb.getMetadata().getGeneration(), status(lb).getObservedGeneration());
  }

  /** One Event per rejected generation, and when a spec that was accepted turns invalid. */
  private void report(LoadBalancer lb, Reason reason, String problems) {
    if (isNewGeneration(lb) || Conditions.isTrue(status(lb).getConditions(), Conditions.ACCEPTED)) {
      events.record(
          lb, reason, "nothing was changed: " + problems + ". Fix the spec and apply it again.");
    }
  }

  /**
   * The restart stamp for the pod template: the resource's {@code restartedAt}, recording a
   * Restarted Event when it differs from the pods'. Without the annotation the pods keep their
   * stamp: removing it must not roll them.
   */
  private String restartStamp(LoadBalancer lb, Optional<Deployment> deployment) {
    String requested = annotation(lb, LoadBalancer.RESTARTED_AT_ANNOTATION);
    Optional<String> current = deployment.map(LoadBalancerReconciler::stampOf);
    if (requested == null) {
      return current.orElse(null);
    }
    if (deployment.isPresent() && !requested.equals(current.orElse(null))) {
      events.record(lb, Reason.Restarted, "rolling the proxy pods (restartedAt " + requested + ")");
    }
    return requested;
  }

  private void announce(LoadBalancer lb, RevisionInForce inForce) {
    if (inForce.created()) {
      events.record(
          lb,
          Reason.NewRevision,
          "revision "
              + inForce.number()
              + " is in force; the proxies reload their config in place");
    } else if (inForce.reusedFrom().isPresent()) {
      events.record(
          lb,
          Reason.NewRevision,
          "the spec equals revision "
              + inForce.reusedFrom().getAsLong()
              + ", which is now revision "
              + inForce.number()
              + " and in force");
    }
  }

  private RollbackOutcome failure(LoadBalancer lb, RollbackResult.Failed failed) {
    events.record(lb, Reason.RollbackFailed, failed.why());
    return new RollbackOutcome(
        false, failed.reason(), "rollback to " + failed.requested() + " failed: " + failed.why());
  }

  private RollbackOutcome success(
      LoadBalancer lb, RollbackResult.Restored restored, RevisionInForce inForce) {
    String message =
        "restored the spec of revision "
            + restored.from().number()
            + " as revision "
            + inForce.number();
    events.record(lb, Reason.RolledBack, message);
    return new RollbackOutcome(true, "RolledBack", message);
  }

  /** Patches the status only when it changed; an unchanged status costs no API call. */
  private static UpdateControl<LoadBalancer> patchStatus(
      LoadBalancer original, LoadBalancerStatus status, Context<LoadBalancer> context) {
    if (status.equals(original.getStatus())) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(withStatus(original, status, context));
  }

  /**
   * The object to patch the status with. With server-side apply, a fresh object holding only the
   * status, so the operator claims no other field; without it, the resource as received with the
   * new status, so the computed patch holds the status alone.
   */
  private static LoadBalancer withStatus(
      LoadBalancer original, LoadBalancerStatus status, Context<LoadBalancer> context) {
    if (context
        .getControllerConfiguration()
        .getConfigurationService()
        .useSSAToPatchPrimaryResource()) {
      LoadBalancer fresh = new LoadBalancer();
      fresh.setMetadata(
          new ObjectMetaBuilder()
              .withName(original.getMetadata().getName())
              .withNamespace(original.getMetadata().getNamespace())
              .build());
      fresh.setStatus(status);
      return fresh;
    }
    original.setStatus(status);
    return original;
  }

  private static LoadBalancerStatus status(LoadBalancer lb) {
    return Optional.ofNullable(lb.getStatus()).orElseGet(LoadBalancerStatus::new);
  }

  private static String stampOf(Deployment deployment) {
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(LoadBalancer.RESTARTED_AT_ANNOTATION);
  }

  private static String annotation(LoadBalancer lb, String key) {
    Map<String, String> annotations = lb.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
