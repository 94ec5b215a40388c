package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A mock API server with the operator running against it and the example resource {@code web}
 * created and accepted as revision 1; helpers to edit it and read what the operator made.
 */
abstract class OperatorTestBase {

  MockCluster cluster;
  KubernetesClient client;
  SimpleMeterRegistry metrics;
  LoadBalancer created;

  @BeforeEach
  void startOperatorWithExample() throws Exception {
    cluster = MockCluster.start();
    client = cluster.client();
    metrics = new SimpleMeterRegistry();
    cluster.startOperator(MockCluster.settings(), metrics);
    created = client.resource(cluster.example()).create();
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(1L));
    eventually(() -> assertThat(configMap()).isNotNull());
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  LoadBalancer lb() {
    return client.resources(LoadBalancer.class).withName("web").get();
  }

  /** Edits the spec as a user would. */
  LoadBalancer editSpec(UnaryOperator<LoadBalancerSpec> edit) {
    return cluster.edit(
        "web",
        lb -> {
          lb.setSpec(edit.apply(lb.getSpec()));
          return lb;
        });
  }

  /** Sets an annotation on the resource, as {@code kubectl annotate} would. */
  LoadBalancer annotate(String key, String value) {
    return cluster.edit(
        "web",
        lb -> {
          lb.getMetadata().getAnnotations().put(key, value);
          return lb;
        });
  }

  LoadBalancerStatus status() {
    LoadBalancer lb = lb();
    assertThat(lb.getStatus()).as("status of web").isNotNull();
    return lb.getStatus();
  }

  Condition condition(String type) {
    return status().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status()));
  }

  ConfigMap configMap() {
    ConfigMap config = client.configMaps().withName("web-config").get();
    assertThat(config).as("ConfigMap web-config").isNotNull();
    return config;
  }

  Deployment deployment() {
    Deployment deployment = client.apps().deployments().withName("web-proxy").get();
    assertThat(deployment).as("Deployment web-proxy").isNotNull();
    return deployment;
  }

  /**
   * Writes the proxy Deployment's status, as the Deployment controller would, observing its current
   * generation.
   */
  void writeDeploymentStatus(UnaryOperator<DeploymentStatusBuilder> status) {
    long generation = deployment().getMetadata().getGeneration();
    client
        .apps()
        .deployments()
        .withName("web-proxy")
        .editStatus(
            d -> {
              d.setStatus(
                  status
                      .apply(new DeploymentStatusBuilder().withObservedGeneration(generation))
                      .build());
              return d;
            });
  }

  String revisionOfConfigMap() {
    return configMap().getMetadata().getAnnotations().get("roundhouse.dev/revision");
  }

  /** The ControllerRevisions of {@code web}, oldest first. */
  List<ControllerRevision> revisions() {
    return client
        .apps()
        .controllerRevisions()
        .withLabel("roundhouse.dev/loadbalancer", "web")
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparingLong(ControllerRevision::getRevision))
        .toList();
  }

  List<Long> revisionNumbers() {
    return revisions().stream().map(ControllerRevision::getRevision).toList();
  }

  List<Event> events(String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** The resource versions of every object the operator made, to show none was written. */
  Map<String, String> ownedVersions() {
    return Map.of(
        "ConfigMap", configMap().getMetadata().getResourceVersion(),
        "Deployment", deployment().getMetadata().getResourceVersion(),
        "Service", client.services().withName("web-proxy").get().getMetadata().getResourceVersion(),
        "AdminService",
            client.services().withName("web-admin").get().getMetadata().getResourceVersion(),
        "ServiceAccount",
            client.serviceAccounts().withName("web-proxy").get().getMetadata().getResourceVersion(),
        "Role",
            client.rbac().roles().withName("web-proxy").get().getMetadata().getResourceVersion(),
        "RoleBinding",
            client
                .rbac()
                .roleBindings()
                .withName("web-proxy")
                .get()
                .getMetadata()
                .getResourceVersion());
  }

  /** Reconciliations that finished so far. */
  double reconciliations() {
    var counter = metrics.find("roundhouse.operator.reconciliations.success").counter();
    return counter == null ? 0 : counter.count();
  }
}
