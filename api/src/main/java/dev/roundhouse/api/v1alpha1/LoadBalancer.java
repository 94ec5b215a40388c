package dev.roundhouse.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A load balancer run by the Roundhouse operator: {@code kubectl get lb}.
 *
 * <p>The operator turns it into a ConfigMap with the rendered proxy config, a Deployment of proxy
 * pods, a Service, RBAC for the pods and a PodDisruptionBudget, and keeps one ControllerRevision
 * per distinct spec so that {@code roundhouse.dev/rollback-to} can restore an earlier one.
 */
@Group(LoadBalancer.GROUP)
@Version(LoadBalancer.VERSION)
@Kind("LoadBalancer")
@Plural("loadbalancers")
@Singular("loadbalancer")
@ShortNames("lb")
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Revision",
    jsonPath = ".status.currentRevision",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class LoadBalancer extends CustomResource<LoadBalancerSpec, LoadBalancerStatus>
    implements Namespaced {

  /** The API group, {@code roundhouse.dev}. */
  public static final String GROUP = "roundhouse.dev";

  /** The API version within the group. */
  public static final String VERSION = "v1alpha1";

  /** The annotation that asks the operator to restore revision N's spec. */
  public static final String ROLLBACK_TO_ANNOTATION = GROUP + "/rollback-to";

  /**
   * The annotation that makes the operator put the revision the spec asks for live at once,
   * skipping its health gate and watch (a held or rolled-back revision); removed once carried out.
   */
  public static final String PROMOTE_ANNOTATION = GROUP + "/promote";

  /** The annotation whose change rolls the proxy pods, like {@code kubectl rollout restart}. */
  public static final String RESTARTED_AT_ANNOTATION = GROUP + "/restartedAt";

  @Override
  protected LoadBalancerStatus initStatus() {
    return new LoadBalancerStatus();
  }
}
