package dev.roundhouse.operator;

import java.util.List;

/**
 * Every Kubernetes permission the operator uses, in one place: the Helm chart's and the plain
 * manifests' RBAC are checked against this list (no more, no less), and a new dependent resource
 * must be added here.
 *
 * <p>Why each verb is there:
 *
 * <ul>
 *   <li>LoadBalancers are watched through an informer (list, watch); a rollback request is read
 *       fresh (get) and carried out with a patch; the status is written with a patch (server-side
 *       apply or JSON patch, both PATCH).
 *   <li>{@code loadbalancers/finalizers} update: the owned objects' owner references block the
 *       owner's deletion, which clusters with the OwnerReferencesPermissionEnforcement admission
 *       plugin allow only to who may update the owner's finalizers.
 *   <li>Owned objects are watched (list, watch), created (create, or PATCH with server-side apply)
 *       and updated (update without server-side apply, patch with it); get covers the client's
 *       reads on conflicts. They are deleted by the garbage collector, not the operator: only the
 *       PodDisruptionBudget (removed when replicas drop to 1) and pruned ControllerRevisions are
 *       deleted by it.
 *   <li>ConfigMaps need get, list and watch anyway: the operator can only grant the proxies' Role
 *       what it holds itself.
 *   <li>EndpointSlices (discovery.k8s.io) are read (get, list, watch) for two reasons: the proxies
 *       of a LoadBalancer with a {@code service} backend balance over its endpoints and need that
 *       read access through their Role, which the operator can only grant holding it itself; and
 *       the operator watches them to report a service backend that resolves to no endpoint.
 *   <li>ControllerRevisions are read from the API, not watched: listed, created, renumbered with a
 *       patch (after a get), deleted when pruned.
 *   <li>Events (core/v1) are created, one per decision; never patched.
 *   <li>The leader-election Lease is read, created, renewed and released with a patch. The
 *       framework refuses to start leader election unless a SelfSubjectRulesReview (which every
 *       authenticated user may create) shows get, create and update on leases, so update is there
 *       too.
 * </ul>
 */
public final class Permissions {

  /**
   * One RBAC rule.
   *
   * @param apiGroup the API group ({@code ""} for the core group)
   * @param resource the resource, with its subresource if any ({@code loadbalancers/status})
   * @param verbs the verbs allowed
   */
  public record Rule(String apiGroup, String resource, List<String> verbs) {
    /** Takes an immutable copy of the verbs. */
    public Rule {
      verbs = List.copyOf(verbs);
    }
  }

  private static final List<String> READ = List.of("get", "list", "watch");
  private static final List<String> OWN =
      List.of("get", "list", "watch", "create", "update", "patch");
  private static final List<String> OWN_AND_DELETE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /** The rules, in the order the chart lists them. */
  public static final List<Rule> RULES =
      List.of(
          new Rule("roundhouse.dev", "loadbalancers", List.of("get", "list", "watch", "patch")),
          new Rule("roundhouse.dev", "loadbalancers/status", List.of("patch")),
          new Rule("roundhouse.dev", "loadbalancers/finalizers", List.of("update")),
          new Rule("", "configmaps", OWN),
          new Rule("", "services", OWN),
          new Rule("", "serviceaccounts", OWN),
          new Rule("apps", "deployments", OWN),
          new Rule(
              "apps", "controllerrevisions", List.of("get", "list", "create", "patch", "delete")),
          new Rule("rbac.authorization.k8s.io", "roles", OWN),
          new Rule("rbac.authorization.k8s.io", "rolebindings", OWN),
          new Rule("policy", "poddisruptionbudgets", OWN_AND_DELETE),
          new Rule("discovery.k8s.io", "endpointslices", READ),
          new Rule("", "events", List.of("create")),
          new Rule("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch")));

  /**
   * Verbs the proxy pods get on their own ConfigMap (by resourceName) through the operator's Role.
   */
  public static final List<String> PROXY_CONFIGMAP_VERBS = READ;

  /**
   * Verbs the proxy pods get on the EndpointSlices of their namespace, only when the spec has a
   * {@code service} backend.
   */
  public static final List<String> PROXY_ENDPOINTSLICE_VERBS = READ;

  private Permissions() {}
}
