package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.NAMESPACE;
import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.LoadBalancerConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator, running in this JVM, against the mock API server: what it creates from the example.
 */
class LoadBalancerReconcilerIT extends OperatorTestBase {

  @Test
  void theExampleYieldsSevenObjectsOwnedByTheResource() throws Exception {
    ConfigMap config = configMap();
    eventually(() -> assertThat(deployment()).isNotNull());
    Deployment deployment = deployment();
    Service service = client.services().withName("web-proxy").get();
    eventually(() -> assertThat(client.services().withName("web-admin").get()).isNotNull());
    Service admin = client.services().withName("web-admin").get();
    ServiceAccount account = client.serviceAccounts().withName("web-proxy").get();
    Role role = client.rbac().roles().withName("web-proxy").get();
    RoleBinding binding = client.rbac().roleBindings().withName("web-proxy").get();

    for (HasMetadata owned : List.of(config, deployment, service, admin, account, role, binding)) {
      assertThat(owned.getMetadata().getOwnerReferences())
          .as(owned.getKind() + " owner")
          .singleElement()
          .satisfies(ref -> assertOwnedByWeb(ref));
      assertThat(owned.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/instance", "web")
          .containsEntry("app.kubernetes.io/managed-by", "roundhouse-operator")
          .containsEntry("roundhouse.dev/loadbalancer", "web");
    }
    assertThat(client.policy().v1().podDisruptionBudget().withName("web-proxy").get())
        .as("no PodDisruptionBudget for one replica")
        .isNull();

    // The ConfigMap holds the rendered config and the revision.
    LoadBalancerConfig rendered = ConfigCodec.read(config.getData().get("config.yaml"));
    assertThat(rendered).isEqualTo(cluster.example().getSpec().config());
    assertThat(config.getMetadata().getAnnotations()).containsEntry("roundhouse.dev/revision", "1");

    // The Deployment runs the proxy against that ConfigMap.
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("web-proxy");
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(5 + 30);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    // The API server rejects a localhostProfile, even "", unless the type is Localhost.
    assertThat(pod.getSecurityContext().getSeccompProfile().getLocalhostProfile()).isNull();
    Container proxy = pod.getContainers().get(0);
    assertThat(proxy.getImage()).isEqualTo("ghcr.io/roundhouse-dev/proxy:test");
    assertThat(proxy.getArgs())
        .containsExactly(
            "--configmap",
            "web-config",
            "--admin-port",
            "9090",
            "--admin-address",
            "0.0.0.0",
            "--shutdown-delay",
            "5s",
            "--drain-timeout",
            "30s");
    assertThat(proxy.getEnv())
        .first()
        .satisfies(
            env -> {
              assertThat(env.getName()).isEqualTo("POD_NAMESPACE");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
            });
    assertThat(proxy.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("http-8080", 8080),
            org.assertj.core.groups.Tuple.tuple("http-8081", 8081),
            org.assertj.core.groups.Tuple.tuple("metrics", 9090));
    assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(proxy.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
    assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(proxy.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
    // Liveness counts only once the JVM is up: a slow start under a small CPU limit is no crash.
    assertThat(proxy.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(proxy.getStartupProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9090);
    assertThat(
            proxy.getStartupProbe().getPeriodSeconds()
                * proxy.getStartupProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(60);
    var security = proxy.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(security.getSeccompProfile().getLocalhostProfile()).isNull();
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            java.util.Map.of(
                "app.kubernetes.io/name", "roundhouse-proxy", "app.kubernetes.io/instance", "web"));

    // The Service exposes every frontend; the admin port has a ClusterIP Service of its own.
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("http-8080", 8080),
            org.assertj.core.groups.Tuple.tuple("http-8081", 8081));
    assertThat(admin.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(admin.getSpec().getSelector()).isEqualTo(service.getSpec().getSelector());
    assertThat(admin.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("metrics", 9090));
    assertThat(admin.getMetadata().getLabels()).containsEntry("roundhouse.dev/scrape", "true");

    // The pods may read their own ConfigMap and nothing else.
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            (PolicyRule rule) -> {
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getResources()).containsExactly("configmaps");
              assertThat(rule.getResourceNames()).containsExactly("web-config");
              assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
            });
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("web-proxy");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo("web-proxy");
              assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });

    // The status says what was accepted and which pods to scale.
    var status = status();
    assertThat(status.getObservedGeneration()).isEqualTo(lb().getMetadata().getGeneration());
    assertThat(status.getSelector())
        .isEqualTo("app.kubernetes.io/instance=web,app.kubernetes.io/name=roundhouse-proxy");
    assertThat(condition("Accepted").getStatus()).isEqualTo("True");
    assertThat(condition("Progressing").getStatus()).isEqualTo("True");
    assertThat(condition("Available").getStatus()).isEqualTo("False");
    assertThat(revisions()).hasSize(1);
    eventually(() -> assertThat(events("SpecAccepted")).hasSize(1));
    eventually(() -> assertThat(events("NewRevision")).hasSize(1));
  }

  private void assertOwnedByWeb(OwnerReference ref) {
    assertThat(ref.getKind()).isEqualTo("LoadBalancer");
    assertThat(ref.getApiVersion()).isEqualTo("roundhouse.dev/v1alpha1");
    assertThat(ref.getName()).isEqualTo("web");
    assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(ref.getController()).isTrue();
  }
}
