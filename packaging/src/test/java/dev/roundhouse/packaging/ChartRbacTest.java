package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.operator.Permissions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rights the chart grants the operator's ServiceAccount are exactly those of {@link
 * Permissions}: nothing missing (the operator would fail with 403), nothing more (least privilege).
 * Rights are resolved the way the API server does: through the bindings whose subject is the
 * ServiceAccount, to the roles they reference, per namespace ("*" for cluster-wide).
 */
class ChartRbacTest {

  private static final String CLUSTER = "*";
  private static final String LEASES = "coordination.k8s.io/leases";

  @Test
  void clusterWideInstallGrantsExactlyThePermissionsAndTheLeaseOnlyInItsNamespace() {
    Map<String, Set<String>> granted =
        grantsOfOperator(Rendered.of(HelmChart.template()), "roundhouse");

    assertThat(granted.keySet()).containsExactlyInAnyOrder(CLUSTER, HelmChart.NAMESPACE);
    assertThat(granted.get(CLUSTER)).isEqualTo(permissions(false));
    assertThat(granted.get(HelmChart.NAMESPACE)).isEqualTo(leaseOnly());
    assertThat(union(granted)).isEqualTo(permissions(true));
  }

  @Test
  void namespacedInstallGrantsThePermissionsInEachWatchedNamespaceAndNothingClusterWide() {
    Map<String, Set<String>> granted =
        grantsOfOperator(
            Rendered.of(HelmChart.template(HelmChart.FULL_VALUES)), "roundhouse-controller");

    assertThat(granted.keySet()).containsExactlyInAnyOrder("shop", "payments", HelmChart.NAMESPACE);
    assertThat(granted.get("shop")).isEqualTo(permissions(false));
    assertThat(granted.get("payments")).isEqualTo(permissions(false));
    assertThat(granted.get(HelmChart.NAMESPACE)).isEqualTo(leaseOnly());
  }

  @Test
  void aWatchedNamespaceThatIsAlsoTheReleasesGetsBothRoles() {
    Map<String, Set<String>> granted =
        grantsOfOperator(
            Rendered.of(HelmChart.template(Map.of("watchNamespaces[0]", HelmChart.NAMESPACE))),
            "roundhouse");

    assertThat(granted.keySet()).containsExactly(HelmChart.NAMESPACE);
    assertThat(granted.get(HelmChart.NAMESPACE)).isEqualTo(permissions(true));
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseRight() {
    Map<String, Set<String>> granted =
        grantsOfOperator(
            Rendered.of(HelmChart.template(Map.of("leaderElection.enabled", false))), "roundhouse");

    assertThat(granted.keySet()).containsExactly(CLUSTER);
    assertThat(granted.get(CLUSTER)).isEqualTo(permissions(false));
  }

  @Test
  void rbacCanBeLeftToTheClusterAdmin() {
    Rendered rendered =
        Rendered.of(
            HelmChart.template(
                Map.of(
                    "rbac.create",
                    false,
                    "serviceAccount.create",
                    false,
                    "serviceAccount.name",
                    "ops")));

    assertThat(rendered.objects())
        .extracting(HasMetadata::getKind)
        .doesNotContain(
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount");
    assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("ops");
  }

  @Test
  void theRolesForPeopleAggregateIntoViewEditAdminAndAreNotTheOperators() {
    Rendered rendered = Rendered.of(HelmChart.template());
    List<ClusterRole> aggregated =
        rendered.all(ClusterRole.class).stream()
            .filter(
                r ->
                    r.getMetadata().getLabels().keySet().stream()
                        .anyMatch(l -> l.startsWith("rbac.authorization.k8s.io/aggregate-to-")))
            .toList();

    assertThat(aggregated)
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("roundhouse-view", "roundhouse-edit");
    assertThat(rendered.all(ClusterRoleBinding.class))
        .allSatisfy(
            b ->
                assertThat(b.getRoleRef().getName()).isNotIn("roundhouse-view", "roundhouse-edit"));
    ClusterRole view =
        aggregated.stream()
            .filter(r -> r.getMetadata().getName().endsWith("-view"))
            .findFirst()
            .orElseThrow();
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(triples(view.getRules()))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).matches("roundhouse\\.dev/.*:(get|list|watch)"));
  }

  @Test
  void theComparisonSeesAMissingAndAnExtraRight() {
    Set<String> chart = new TreeSet<>(permissions(true));
    chart.remove("apps/deployments:create");
    chart.add("/secrets:get");

    assertThat(chart).isNotEqualTo(permissions(true));
    assertThat(difference(permissions(true), chart)).containsExactly("apps/deployments:create");
    assertThat(difference(chart, permissions(true))).containsExactly("/secrets:get");
  }

  /** Rights of the ServiceAccount {@code account} per namespace ("*": cluster-wide). */
  private static Map<String, Set<String>> grantsOfOperator(Rendered rendered, String account) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (ClusterRoleBinding binding : rendered.all(ClusterRoleBinding.class)) {
      if (bindsAccount(binding.getSubjects(), account)) {
        out.computeIfAbsent(CLUSTER, k -> new TreeSet<>())
            .addAll(triples(clusterRole(rendered, binding.getRoleRef()).getRules()));
      }
    }
    for (RoleBinding binding : rendered.all(RoleBinding.class)) {
      if (bindsAccount(binding.getSubjects(), account)) {
        String namespace = binding.getMetadata().getNamespace();
        List<PolicyRule> rules =
            binding.getRoleRef().getKind().equals("ClusterRole")
                ? clusterRole(rendered, binding.getRoleRef()).getRules()
                : role(rendered, namespace, binding.getRoleRef().getName()).getRules();
        out.computeIfAbsent(namespace, k -> new TreeSet<>()).addAll(triples(rules));
      }
    }
    return out;
  }

  private static boolean bindsAccount(List<Subject> subjects, String account) {
    return subjects.stream()
        .anyMatch(
            s ->
                s.getKind().equals("ServiceAccount")
                    && s.getName().equals(account)
                    && HelmChart.NAMESPACE.equals(s.getNamespace()));
  }

  private static ClusterRole clusterRole(Rendered rendered, RoleRef ref) {
    return rendered.all(ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("binding to a missing ClusterRole " + ref.getName()));
  }

  private static Role role(Rendered rendered, String namespace, String name) {
    return rendered.all(Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .filter(r -> r.getMetadata().getNamespace().equals(namespace))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("binding to a missing Role " + namespace + "/" + name));
  }

  /** Rules as "group/resource:verb" strings; wildcards, resource names and URLs are refused. */
  private static Set<String> triples(List<PolicyRule> rules) {
    Set<String> out = new TreeSet<>();
    for (PolicyRule rule : rules) {
      assertThat(rule.getResourceNames()).as("resourceNames in %s", rule).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).as("nonResourceURLs in %s", rule).isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            assertThat(List.of(group, resource, verb))
                .as("wildcard in %s", rule)
                .doesNotContain("*");
            out.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return out;
  }

  /** Permissions.RULES as triples, with or without the Lease of leader election. */
  private static Set<String> permissions(boolean withLease) {
    Set<String> out = new TreeSet<>();
    for (Permissions.Rule rule : Permissions.RULES) {
      for (String verb : rule.verbs()) {
        out.add(rule.apiGroup() + "/" + rule.resource() + ":" + verb);
      }
    }
    if (!withLease) {
      out.removeIf(t -> t.startsWith(LEASES + ":"));
    }
    return out;
  }

  private static Set<String> leaseOnly() {
    Set<String> out = new TreeSet<>(permissions(true));
    out.removeIf(t -> !t.startsWith(LEASES + ":"));
    assertThat(out).as("Permissions has no Lease rule").isNotEmpty();
    return out;
  }

  private static Set<String> union(Map<String, Set<String>> granted) {
    Set<String> out = new TreeSet<>();
    granted.values().forEach(out::addAll);
    return out;
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
