package dev.roundhouse.operator.dependent;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * What the reconciler decided in this pass that the dependents need and the spec does not hold: the
 * revision number in force, the proxy image (the spec's or the operator's default) and the restart
 * stamp. The reconciler puts it into the workflow context before it runs the workflow; the
 * dependents read it in {@code desired()}.
 *
 * @param revision the revision number written to the ConfigMap
 * @param image the proxy image the pods run
 * @param restartedAt the {@code roundhouse.dev/restartedAt} stamp copied into the pod template, or
 *     null when the resource has none
 */
public record ReconcileInputs(long revision, String image, String restartedAt) {

  private static final String KEY = ReconcileInputs.class.getName();

  /** Checks the required parts. */
  public ReconcileInputs {
    requireNonNull(image, "image");
  }

  /** The restart stamp, if any. */
  public Optional<String> restartStamp() {
    return Optional.ofNullable(restartedAt);
  }

  /** Makes these inputs available to the dependents of this reconciliation. */
  public void storeIn(Context<LoadBalancer> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** The inputs the reconciler stored for this reconciliation. */
  public static ReconcileInputs of(Context<LoadBalancer> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, ReconcileInputs.class);
  }
}
