package dev.roundhouse.operator.dependent;

import static dev.roundhouse.operator.dependent.Resources.config;
import static dev.roundhouse.operator.dependent.Resources.onPorts;
import static dev.roundhouse.operator.dependent.Resources.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.v1alpha1.ExternalTrafficPolicy;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.ServiceSettings;
import dev.roundhouse.api.v1alpha1.ServiceType;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public Service and the admin Service as their dependents render them. */
class ServiceDependentTest {

  private static LoadBalancer withService(ServiceSettings service) {
    return web(new LoadBalancerSpec(config(80, 443), null, null, service, null, null));
  }

  @Test
  void thePublicServiceNeverCarriesTheAdminPort() {
    LoadBalancer lb =
        withService(new ServiceSettings(ServiceType.LOAD_BALANCER, Map.of("a", "b"), null));

    Service service = new ServiceDependent().desired(lb, null);

    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("http-80", 80),
            org.assertj.core.groups.Tuple.tuple("http-443", 443));
    assertThat(service.getMetadata().getLabels()).doesNotContainKey(Names.SCRAPE_LABEL);
    assertThat(service.getMetadata().getAnnotations()).containsEntry("a", "b");
  }

  @Test
  void theAdminPortHasItsOwnClusterIpServiceForScraping() {
    LoadBalancer lb = withService(new ServiceSettings(ServiceType.LOAD_BALANCER, null, null));

    Service admin = new AdminServiceDependent().desired(lb, null);

    assertThat(admin.getMetadata().getName()).isEqualTo("web-admin");
    assertThat(admin.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(admin.getSpec().getSelector()).isEqualTo(Names.selector(lb));
    assertThat(admin.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort().getIntVal())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("metrics", 9090, 9090));
    assertThat(admin.getMetadata().getLabels())
        .containsEntry(Names.SCRAPE_LABEL, "true")
        .containsAllEntriesOf(Names.labels(lb));
  }

  @Test
  void theAdminServiceSaysWhenMetricsAreOff() {
    LoadBalancer lb =
        web(
            LoadBalancerSpec.of(
                config(8080).toBuilder().metrics(new Metrics(false, 9100)).build()));

    Service admin = new AdminServiceDependent().desired(lb, null);

    assertThat(admin.getMetadata().getLabels()).containsEntry(Names.SCRAPE_LABEL, "false");
    assertThat(admin.getSpec().getPorts().get(0).getPort()).isEqualTo(9100);
  }

  @Test
  void externalTrafficPolicyReachesAnExternallyReachableService() {
    LoadBalancer lb =
        withService(new ServiceSettings(ServiceType.NODE_PORT, null, ExternalTrafficPolicy.LOCAL));

    assertThat(new ServiceDependent().desired(lb, null).getSpec().getExternalTrafficPolicy())
        .isEqualTo("Local");
    assertThat(
            new ServiceDependent()
                .desired(onPorts(8080), null)
                .getSpec()
                .getExternalTrafficPolicy())
        .as("left to Kubernetes when not given")
        .isNull();
  }
}
