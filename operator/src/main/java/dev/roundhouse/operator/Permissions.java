package dev.roundhouse.operator;

import java.util.List;

/**
 * Every Kubernetes permission the operator uses, in one place: the Helm chart's and the plain
 * manifests' RBAC are checked against this list (no more, no less), and a new dependent resource
 * must be added here.
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
  private static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /** The rules, in the order the chart lists them. */
  public static final List<Rule> RULES =
      List.of(
          new Rule(
              "roundhouse.dev",
              "loadbalancers",
              List.of("get", "list", "watch", "patch", "update")),
          new Rule("roundhouse.dev", "loadbalancers/status", List.of("get", "patch", "update")),
          new Rule("roundhouse.dev", "loadbalancers/finalizers", List.of("update")),
          new Rule("", "configmaps", MANAGE),
          new Rule("", "services", MANAGE),
          new Rule("", "serviceaccounts", MANAGE),
          new Rule("apps", "deployments", MANAGE),
          new Rule("apps", "controllerrevisions", MANAGE),
          new Rule("rbac.authorization.k8s.io", "roles", MANAGE),
          new Rule("rbac.authorization.k8s.io", "rolebindings", MANAGE),
          new Rule("policy", "poddisruptionbudgets", MANAGE),
          new Rule("", "events", List.of("create", "patch")),
          new Rule("events.k8s.io", "events", List.of("create", "patch")),
          new Rule(
              "coordination.k8s.io",
              "leases",
              List.of("get", "list", "watch", "create", "update", "patch")));

  /**
   * Verbs the proxy pods get on their own ConfigMap (by resourceName) through the operator's Role.
   */
  public static final List<String> PROXY_CONFIGMAP_VERBS = READ;

  private Permissions() {}
}
