package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.InvalidConfigException;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edits of the resource reach the right objects, and only those. */
class SpecUpdateIT extends OperatorTestBase {

  @Test
  void newBackendsReachTheConfigMapWithoutTouchingThePods() throws Exception {
    eventually(() -> assertThat(deployment()).isNotNull());
    PodTemplateSpec template = deployment().getSpec().getTemplate();
    String deploymentVersion = deployment().getMetadata().getResourceVersion();

    editSpec(s -> Specs.withBackends(s, "http://backend1:9001", "http://backend4:9004"));

    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    assertThat(backendsInConfigMap())
        .containsExactly("http://backend1:9001", "http://backend4:9004");
    assertThat(deployment().getSpec().getTemplate()).isEqualTo(template);
    assertThat(deployment().getMetadata().getResourceVersion()).isEqualTo(deploymentVersion);
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));
    assertThat(revisionNumbers()).containsExactly(1L, 2L);

    // Replicas change the Deployment, and are not a new revision (as for a Deployment's rollouts).
    editSpec(s -> Specs.withReplicas(s, 3));

    eventually(() -> assertThat(deployment().getSpec().getReplicas()).isEqualTo(3));
    assertThat(deployment().getSpec().getTemplate()).isEqualTo(template);
    eventually(
        () ->
            assertThat(status().getObservedGeneration())
                .isEqualTo(lb().getMetadata().getGeneration()));
    assertThat(status().getCurrentRevision()).isEqualTo(2L);
    assertThat(revisionNumbers()).containsExactly(1L, 2L);
    assertThat(revisionOfConfigMap()).isEqualTo("2");
  }

  @Test
  void aNewImageRollsThePods() {
    editSpec(s -> Specs.withImage(s, "registry.example/proxy:2"));

    eventually(
        () ->
            assertThat(
                    deployment()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("registry.example/proxy:2"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));
  }

  @Test
  void frontendPortsChangeTheServiceAndTheContainerPorts() {
    editSpec(s -> Specs.withFrontends(s, new Frontend(8443, "https-ish")));

    eventually(
        () ->
            assertThat(client.services().withName("web-proxy").get().getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https-ish", 8443)));
    eventually(
        () ->
            assertThat(
                    deployment()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .extracting(ContainerPort::getContainerPort)
                .containsExactly(8443, 9090));
  }

  @Test
  void aPodDisruptionBudgetExistsOnlyWithMoreThanOneReplica() {
    assertThat(pdb()).isNull();

    editSpec(s -> Specs.withReplicas(s, 2));

    eventually(() -> assertThat(pdb()).isNotNull());
    PodDisruptionBudget pdb = pdb();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment().getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));

    editSpec(s -> Specs.withReplicas(s, 1));

    eventually(() -> assertThat(pdb()).isNull());
    // The PDB and the Deployment are separate dependents: either may be written first.
    eventually(() -> assertThat(deployment().getSpec().getReplicas()).isEqualTo(1));
  }

  @Test
  void restartedAtRollsThePodTemplateAndNothingElse() {
    eventually(() -> assertThat(deployment()).isNotNull());
    String config = configMap().getMetadata().getResourceVersion();

    annotate(LoadBalancer.RESTARTED_AT_ANNOTATION, "2026-01-02T03:04:05Z");

    eventually(
        () ->
            assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(LoadBalancer.RESTARTED_AT_ANNOTATION, "2026-01-02T03:04:05Z"));
    eventually(() -> assertThat(events("Restarted")).hasSize(1));
    assertThat(events("Restarted").get(0).getMessage()).contains("2026-01-02T03:04:05Z");
    assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(config);
    assertThat(revisionNumbers()).containsExactly(1L);

    annotate(LoadBalancer.RESTARTED_AT_ANNOTATION, "2026-01-02T04:00:00Z");

    eventually(
        () ->
            assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(LoadBalancer.RESTARTED_AT_ANNOTATION, "2026-01-02T04:00:00Z"));
    eventually(() -> assertThat(events("Restarted")).hasSize(2));

    // Taking the annotation away is no restart: the pods keep their stamp.
    String deploymentVersion = deployment().getMetadata().getResourceVersion();
    double before = reconciliations();
    cluster.edit(
        "web",
        lb -> {
          lb.getMetadata().getAnnotations().remove(LoadBalancer.RESTARTED_AT_ANNOTATION);
          return lb;
        });
    eventually(() -> assertThat(reconciliations()).isGreaterThan(before));
    assertThat(deployment().getMetadata().getResourceVersion()).isEqualTo(deploymentVersion);
    assertThat(events("Restarted")).hasSize(2);
  }

  @Test
  void turningMetricsOffTellsScrapersSo() {
    editSpec(
        s ->
            s.withConfig(
                s.config().toBuilder()
                    .metrics(new dev.roundhouse.api.Metrics(false, 9090))
                    .build()));

    eventually(
        () ->
            assertThat(client.services().withName("web-admin").get().getMetadata().getLabels())
                .containsEntry("roundhouse.dev/scrape", "false"));
    // The Service and the ConfigMap are independent dependents: either may be written first.
    eventually(
        () -> assertThat(configMap().getData().get("config.yaml")).contains("enabled: false"));
  }

  @Test
  void theSameSpecWrittenDifferentlyMakesNoNewRevision() {
    // Weight 1 is the default: the same backends, in other words.
    editSpec(
        s ->
            Specs.withBackendList(
                s,
                List.of(
                    new Backend("http://backend1:9001", 1),
                    new Backend("http://backend2:9002", 1),
                    new Backend("http://backend3:9003", 1))));
    LoadBalancer edited =
        cluster.edit(
            "web",
            lb -> {
              lb.getMetadata().getLabels().put("team", "edge");
              return lb;
            });

    eventually(
        () ->
            assertThat(status().getObservedGeneration())
                .isEqualTo(edited.getMetadata().getGeneration()));
    double before = reconciliations();
    annotate("touched", "yes");
    eventually(() -> assertThat(reconciliations()).isGreaterThan(before));
    assertThat(revisionNumbers()).containsExactly(1L);
    assertThat(status().getCurrentRevision()).isEqualTo(1L);
    assertThat(events("NewRevision")).hasSize(1);
  }

  @Test
  void theStatusIsPatchedOnlyWhenItChanges() {
    eventually(() -> assertThat(deployment()).isNotNull());
    // Let the operator settle: one more pass changes nothing.
    double settled = reconciliations();
    annotate("nudge", "1");
    eventually(() -> assertThat(reconciliations()).isGreaterThan(settled));
    String version = lb().getMetadata().getResourceVersion();
    var statusBefore = status();

    double before = reconciliations();
    annotate("nudge", "2");
    String afterNudge = lb().getMetadata().getResourceVersion();
    eventually(() -> assertThat(reconciliations()).isGreaterThan(before));

    assertThat(afterNudge).isNotEqualTo(version);
    assertThat(lb().getMetadata().getResourceVersion())
        .as("no status write after a pass that changed nothing")
        .isEqualTo(afterNudge);
    assertThat(status()).isEqualTo(statusBefore);
  }

  private PodDisruptionBudget pdb() {
    return client.policy().v1().podDisruptionBudget().withName("web-proxy").get();
  }

  private List<String> backendsInConfigMap() throws InvalidConfigException {
    return ConfigCodec.read(configMap().getData().get("config.yaml")).backends().stream()
        .map(Backend::url)
        .toList();
  }
}
