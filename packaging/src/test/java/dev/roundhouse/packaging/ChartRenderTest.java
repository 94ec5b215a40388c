package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.roundhouse.operator.dependent.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart renders with its default values and with every option on, each object is valid in the
 * fabric8 model (no unknown field), it lints clean, and the operator's Deployment follows the fixed
 * interfaces (env vars, port, probes, images).
 */
class ChartRenderTest {

  /** The operator's environment, as fixed in COMMON.md (each flag also an env var). */
  private static final Map<String, String> DEFAULT_ENV =
      Map.of(
          "WATCH_NAMESPACES", "",
          "PROXY_IMAGE", "ghcr.io/roundhouse-dev/proxy:0.1.0",
          "LEADER_ELECTION", "true",
          "PORT", "8080",
          "LOG_FORMAT", "json",
          "LOG_LEVEL", "info");

  @Test
  void defaultValuesRenderTheOperatorItsServiceAccountRbacAndMetricsService() {
    Rendered rendered = Rendered.of(HelmChart.template());

    assertThat(kinds(rendered))
        .containsExactlyInAnyOrder(
            "ServiceAccount/roundhouse",
            "ClusterRole/roundhouse",
            "ClusterRoleBinding/roundhouse",
            "Role/roundhouse-leader-election",
            "RoleBinding/roundhouse-leader-election",
            "ClusterRole/roundhouse-view",
            "ClusterRole/roundhouse-edit",
            "Service/roundhouse-metrics",
            "Deployment/roundhouse");
    for (HasMetadata object : rendered.objects()) {
      if (!object.getKind().startsWith("Cluster")) {
        assertThat(object.getMetadata().getNamespace())
            .as(object.getKind())
            .isEqualTo(HelmChart.NAMESPACE);
      }
    }
  }

  @Test
  void theOperatorRunsWithTheFixedEnvironmentPortAndProbes() {
    Deployment deployment = Rendered.of(HelmChart.template()).deployment();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/roundhouse-dev/operator:0.1.0");
    Map<String, String> expected = new LinkedHashMap<>(DEFAULT_ENV);
    expected.put("POD_NAMESPACE", "fieldRef:metadata.namespace");
    expected.put("POD_NAME", "fieldRef:metadata.name");
    assertThat(env(operator)).isEqualTo(expected);

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");

    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(pod.getServiceAccountName()).isEqualTo("roundhouse");
  }

  @Test
  void theOperatorRunsAsTheImagesNonRootUserWithAReadOnlyRootFilesystem() {
    PodSpec pod = Rendered.of(HelmChart.template()).deployment().getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    String imageUser = Dockerfile.parse(Repo.path("Dockerfile.operator")).runtimeUser();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(
            pod.getSecurityContext().getRunAsUser()
                + ":"
                + pod.getSecurityContext().getRunAsGroup())
        .isEqualTo(imageUser);
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void theMetricsServiceReachesTheOperatorsPort() {
    Rendered rendered = Rendered.of(HelmChart.template());
    Service service = rendered.one(Service.class).orElseThrow();
    Deployment deployment = rendered.deployment();

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
  }

  @Test
  void everyOptionSwitchedOnRendersValidObjects() {
    Rendered rendered = Rendered.of(HelmChart.template(HelmChart.FULL_VALUES));
    Deployment deployment = rendered.deployment();
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(deployment.getMetadata().getName()).isEqualTo("roundhouse-operator");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator.getImage()).isEqualTo("registry.example.com/roundhouse/operator:0.1.0-rc1");
    assertThat(env(operator))
        .containsEntry("WATCH_NAMESPACES", "shop,payments")
        .containsEntry("PROXY_IMAGE", "registry.example.com/roundhouse/proxy:0.1.0-rc1")
        .containsEntry("PORT", "8081")
        .containsEntry("LOG_FORMAT", "text")
        .containsEntry("LOG_LEVEL", "debug")
        .containsEntry("JAVA_OPTS_APPEND", "-XX:+UseG1GC");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("roundhouse-controller");
    assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("regcred");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(pod.getTopologySpreadConstraints()).hasSize(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "platform");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/owner", "platform-team");

    ServiceMonitor monitor = rendered.named(ServiceMonitor.class, "roundhouse-operator");
    Service service = rendered.one(Service.class).orElseThrow();
    assertThat(monitor.getSpec().getEndpoints().get(0).getPort())
        .isEqualTo(service.getSpec().getPorts().get(0).getName());
    assertThat(service.getMetadata().getLabels())
        .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");

    // The proxies' Services, as the operator labels them (docs/operator.md, "Scraping").
    ServiceMonitor proxies = rendered.named(ServiceMonitor.class, "roundhouse-operator-proxies");
    assertThat(proxies.getSpec().getSelector().getMatchLabels())
        .containsExactly(entry(Names.SCRAPE_LABEL, "true"));
    assertThat(proxies.getSpec().getNamespaceSelector().getMatchNames())
        .containsExactly("shop", "payments");
    assertThat(proxies.getSpec().getEndpoints().get(0).getPort())
        .isEqualTo(Names.METRICS_PORT_NAME);
    assertThat(
            Rendered.of(HelmChart.template(Map.of("proxyServiceMonitor.enabled", true)))
                .named(ServiceMonitor.class, "roundhouse-proxies")
                .getSpec()
                .getNamespaceSelector()
                .getAny())
        .isTrue();

    PrometheusRule rule = rendered.one(PrometheusRule.class).orElseThrow();
    assertThat(rule.getSpec().getGroups().get(0).getRules())
        .extracting(r -> r.getAlert())
        .containsExactly(
            "RoundhouseBackendDown",
            "RoundhouseNoHealthyBackend",
            "RoundhouseConfigReloadFailed",
            "RoundhouseHigh5xxRatio",
            "RoundhouseCertificateExpiresSoon",
            "RoundhouseRevisionHeld",
            "RoundhouseRevisionRolledBack");
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(HelmChart.DIR).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages())
        .as("lint findings above INFO")
        .allSatisfy(m -> assertThat(m).startsWith("[INFO]"));
  }

  @Test
  void theChartsCrdIsByteIdenticalToTheGeneratedOne() throws Exception {
    String name = "loadbalancers.roundhouse.dev-v1.yml";
    assertThat(Files.readAllBytes(HelmChart.DIR.resolve("crds").resolve(name)))
        .as("helm/roundhouse/crds/%s differs from crds/: run `make crds`", name)
        .isEqualTo(Files.readAllBytes(Repo.path("crds").resolve(name)));
    try (var files = Files.list(HelmChart.DIR.resolve("crds"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly(name);
    }
  }

  @Test
  void theChartsVersionsFollowTheBuild() {
    String chart = Repo.read("helm/roundhouse/Chart.yaml");
    String pomVersion = PomModules.version().replace("-SNAPSHOT", "");

    assertThat(chart).contains("appVersion: \"" + pomVersion + "\"");
    assertThat(chart).contains("version: " + pomVersion);
  }

  @Test
  void aMistypedOrInvalidValueIsRejectedAtInstall() {
    assertThatThrownBy(() -> HelmChart.template(Map.of("replicaCont", 2)))
        .hasMessageContaining("replicaCont");
    assertThatThrownBy(() -> HelmChart.template(Map.of("logging.format", "xml")))
        .hasMessageContaining("/logging/format");
    assertThatThrownBy(() -> HelmChart.template(Map.of("watchNamespaces[0]", "Not_A_Namespace")))
        .hasMessageContaining("/watchNamespaces/0");
  }

  @Test
  void severalReplicasWithoutLeaderElectionAreRefused() {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("replicaCount", 2);
    set.put("leaderElection.enabled", false);

    assertThatThrownBy(() -> HelmChart.template(set))
        .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled=true");
    set.put("replicaCount", 1);
    assertThat(
            env(
                Rendered.of(HelmChart.template(set))
                    .deployment()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)))
        .containsEntry("LEADER_ELECTION", "false");
  }

  /** The container's environment; a variable from the downward API reads "fieldRef:<path>". */
  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container.getEnv()) {
      env.put(
          e.getName(),
          e.getValueFrom() != null
              ? "fieldRef:" + e.getValueFrom().getFieldRef().getFieldPath()
              : e.getValue());
    }
    return env;
  }

  private static List<String> kinds(Rendered rendered) {
    return rendered.objects().stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toList());
  }
}
