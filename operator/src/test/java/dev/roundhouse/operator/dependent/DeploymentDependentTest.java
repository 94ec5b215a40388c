package dev.roundhouse.operator.dependent;

import static dev.roundhouse.operator.dependent.Resources.INPUTS;
import static dev.roundhouse.operator.dependent.Resources.onPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Sysctl;
import org.junit.jupiter.api.Test;

/** The proxy pods' template as the Deployment dependent renders it. */
class DeploymentDependentTest {

  private static PodSpec pod(dev.roundhouse.api.v1alpha1.LoadBalancer lb) {
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
}
