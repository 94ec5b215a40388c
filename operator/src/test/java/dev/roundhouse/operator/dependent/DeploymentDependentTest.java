package dev.roundhouse.operator.dependent;

import static dev.roundhouse.operator.dependent.Resources.INPUTS;
import static dev.roundhouse.operator.dependent.Resources.config;
import static dev.roundhouse.operator.dependent.Resources.onPorts;
import static dev.roundhouse.operator.dependent.Resources.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.PodSettings;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy pods' template as the Deployment dependent renders it. */
class DeploymentDependentTest {

  private static PodSpec pod(LoadBalancer lb) {
    return DeploymentDependent.render(lb, INPUTS).getSpec().getTemplate().getSpec();
  }

  @Test
  void aFrontendOnPort80IsBindableWithoutCapabilities() {
    PodSpec pod = pod(onPorts(80, 443));

    assertThat(pod.getSecurityContext().getSysctls())
        .extracting(Sysctl::getName, Sysctl::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("net.ipv4.ip_unprivileged_port_start", "0"));
    // Still no privileges: the sysctl replaces NET_BIND_SERVICE, it does not come with it.
    var container = pod.getContainers().get(0).getSecurityContext();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getContainers().get(0).getPorts())
        .extracting(p -> p.getContainerPort())
        .contains(80, 443);
  }

  @Test
  void highPortsKeepTheTemplateWithoutTheSysctl() {
    assertThat(pod(onPorts(8080, 8443)).getSecurityContext().getSysctls()).isEmpty();
  }

  @Test
  void theImagesNumericUserRunsNotAFixedOne() {
    PodSpec pod = pod(onPorts(8080));

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNull();
    assertThat(pod.getSecurityContext().getRunAsGroup()).isNull();
    assertThat(pod.getContainers().get(0).getSecurityContext().getRunAsUser()).isNull();
  }

  @Test
  void theAdminPortIsAFlagOfThePodTemplateSoAMetricsPortChangeRollsThePods() {
    LoadBalancerConfig before = config(8080);
    LoadBalancerConfig after = before.toBuilder().metrics(new Metrics(true, 9191)).build();

    Container old = container(web(LoadBalancerSpec.of(before)));
    Container next = container(web(LoadBalancerSpec.of(after)));

    assertThat(old.getArgs()).containsSequence("--admin-port", "9090");
    assertThat(old.getArgs()).containsSequence("--admin-address", "0.0.0.0");
    assertThat(next.getArgs()).containsSequence("--admin-port", "9191");
    for (Probe probe :
        List.of(next.getReadinessProbe(), next.getLivenessProbe(), next.getStartupProbe())) {
      assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(9191);
    }
    assertThat(
            DeploymentDependent.render(web(LoadBalancerSpec.of(after)), INPUTS)
                .getSpec()
                .getTemplate())
        .as("a new pod template: the Deployment rolls the pods")
        .isNotEqualTo(
            DeploymentDependent.render(web(LoadBalancerSpec.of(before)), INPUTS)
                .getSpec()
                .getTemplate());
  }

  @Test
  void withoutResourcesTheProxyGetsDefaultsAndTheJvmFollowsTheMemoryLimit() {
    Container proxy = container(onPorts(8080));

    ResourceRequirements resources = proxy.getResources();
    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    assertThat(resources.getLimits()).containsEntry("memory", new Quantity("512Mi"));
    // Half the limit for the heap, a quarter for Netty's direct buffers.
    assertThat(env(proxy, "JAVA_OPTS_APPEND"))
        .isEqualTo("-XX:MaxRAMPercentage=50.0 -XX:MaxDirectMemorySize=131072k");
  }

  @Test
  void givenResourcesAreUsedAsGivenAndTheJvmFlagsFollowTheirLimit() {
    ResourceRequirements given =
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("1"))
            .addToLimits("memory", new Quantity("2Gi"))
            .build();
    LoadBalancer lb = web(new LoadBalancerSpec(config(8080), null, null, null, given, null));

    Container proxy = container(lb);

    assertThat(proxy.getResources()).isEqualTo(given);
    assertThat(env(proxy, "JAVA_OPTS_APPEND")).endsWith("-XX:MaxDirectMemorySize=524288k");
  }

  @Test
  void noMemoryLimitMeansNoJvmFlagsFromTheOperator() {
    ResourceRequirements given =
        new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("1Gi")).build();
    LoadBalancer lb = web(new LoadBalancerSpec(config(8080), null, null, null, given, null));

    assertThat(container(lb).getEnv()).extracting(EnvVar::getName).containsExactly("POD_NAMESPACE");
  }

  @Test
  void thePodsSpreadSoftlyOverNodesAndZonesByDefault() {
    List<TopologySpreadConstraint> spread = pod(onPorts(8080)).getTopologySpreadConstraints();

    assertThat(spread)
        .extracting(TopologySpreadConstraint::getTopologyKey)
        .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    assertThat(spread)
        .allSatisfy(
            c -> {
              assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
              assertThat(c.getMaxSkew()).isEqualTo(1);
              assertThat(c.getLabelSelector().getMatchLabels())
                  .isEqualTo(Names.selector(onPorts(8080)));
            });
  }

  @Test
  void theSpecsSchedulingFieldsReachThePods() {
    Toleration toleration =
        new TolerationBuilder()
            .withKey("dedicated")
            .withValue("edge")
            .withOperator("Equal")
            .withEffect("NoSchedule")
            .build();
    Affinity affinity =
        new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("kubernetes.io/arch")
            .withOperator("In")
            .withValues("amd64")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build();
    PodSettings settings =
        new PodSettings(
            Map.of("node-role", "edge"),
            List.of(toleration),
            affinity,
            List.of(),
            List.of(new LocalObjectReference("registry")),
            "critical-lb",
            Map.of("team", "payments", "app.kubernetes.io/name", "mine"),
            Map.of("sidecar.istio.io/inject", "false"));
    LoadBalancer lb =
        web(new LoadBalancerSpec(config(8080), null, null, null, null, null, settings));

    Deployment deployment =
        DeploymentDependent.render(lb, new ReconcileInputs(1, "img", "2026-01-01T00:00:00Z"));

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("node-role", "edge"));
    assertThat(pod.getTolerations()).containsExactly(toleration);
    assertThat(pod.getAffinity()).isEqualTo(affinity);
    assertThat(pod.getTopologySpreadConstraints()).as("[] turns the default off").isEmpty();
    assertThat(pod.getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("registry");
    assertThat(pod.getPriorityClassName()).isEqualTo("critical-lb");
    var metadata = deployment.getSpec().getTemplate().getMetadata();
    assertThat(metadata.getLabels())
        .containsEntry("team", "payments")
        .as("the selector's labels keep the operator's values")
        .containsEntry("app.kubernetes.io/name", "roundhouse-proxy");
    assertThat(metadata.getAnnotations())
        .containsEntry("sidecar.istio.io/inject", "false")
        .containsEntry("roundhouse.dev/restartedAt", "2026-01-01T00:00:00Z");
  }

  private static Container container(LoadBalancer lb) {
    return pod(lb).getContainers().get(0);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getEnv()))
        .getValue();
  }
}
