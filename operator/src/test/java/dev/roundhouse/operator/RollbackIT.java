package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.ServiceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Revisions and {@code roundhouse.dev/rollback-to}, with {@code kubectl rollout undo} semantics.
 */
class RollbackIT extends OperatorTestBase {

  @Test
  void rollingBackToRevisionOneRestoresItsSpecAsRevisionThree() {
    LoadBalancerSpec first = lb().getSpec();
    String firstName = revisions().get(0).getMetadata().getName();
    editSpec(s -> Specs.withBackends(s, "http://backend9:9009"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));
    editSpec(s -> Specs.withReplicas(s, 2));
    eventually(() -> assertThat(deployment().getSpec().getReplicas()).isEqualTo(2));

    annotate(LoadBalancer.ROLLBACK_TO_ANNOTATION, "1");

    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(3L));
    LoadBalancer lb = lb();
    assertThat(lb.getMetadata().getAnnotations())
        .doesNotContainKey(LoadBalancer.ROLLBACK_TO_ANNOTATION);
    // Revision 1's spec is back, with the replicas of today: a rollback does not rescale.
    assertThat(lb.getSpec()).isEqualTo(Specs.withReplicas(first, 2));
    // Revision 1 became revision 3: the history holds each spec once.
    assertThat(revisionNumbers()).containsExactly(2L, 3L);
    ControllerRevision third = revisions().get(1);
    assertThat(third.getMetadata().getName()).isEqualTo(firstName);
    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("3"));
    assertThat(configMap().getData().get("config.yaml"))
        .contains("http://backend1:9001")
        .doesNotContain("backend9");
    eventually(() -> assertThat(events("RolledBack")).hasSize(1));
    assertThat(events("RolledBack").get(0).getMessage())
        .isEqualTo("restored the spec of revision 1 as revision 3");
    assertThat(condition("Rollback").getStatus()).isEqualTo("True");
    assertThat(condition("Rollback").getReason()).isEqualTo("RolledBack");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
  }

  /**
   * A rollback away from a rejected spec is one pass, and the rejected spec never reaches the
   * ConfigMap: a proxy that reloads, or a pod that starts, at any moment reads a spec that was
   * accepted. Every version of the ConfigMap is watched, not only the last one.
   */
  @Test
  void aRollbackFromARejectedSpecNeverWritesTheRejectedSpecToTheConfigMap() {
    List<String> versions = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> watch =
        client.configMaps().withName("web-config").inform(new VersionRecorder(versions));
    try {
      editSpec(s -> Specs.withBackends(s, "http://backend9:9009"));
      eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));
      editSpec(s -> Specs.withBackends(s, "http://backend8:9008", "http://BACKEND8:9008"));
      eventually(() -> assertThat(condition("Accepted").getStatus()).isEqualTo("False"));

      annotate(LoadBalancer.ROLLBACK_TO_ANNOTATION, "1");

      eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(3L));
      eventually(() -> assertThat(versions).last().asString().startsWith("revision 3:"));
      assertThat(versions).noneSatisfy(v -> assertThat(v).containsIgnoringCase("backend8"));
      // One write per revision: revision 3 went in with revision 1's spec at once.
      assertThat(versions)
          .extracting(v -> v.substring(0, v.indexOf(':')))
          .containsExactly("revision 1", "revision 2", "revision 3");
      assertThat(versions.get(2)).contains("http://backend1:9001").doesNotContain("backend9");
    } finally {
      watch.close();
    }
  }

  /** Records each version of a ConfigMap as {@code revision N: <config.yaml>}. */
  private record VersionRecorder(List<String> versions) implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap config) {
      versions.add(
          "revision "
              + config.getMetadata().getAnnotations().get("roundhouse.dev/revision")
              + ": "
              + config.getData().get("config.yaml"));
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
      onAdd(after);
    }

    @Override
    public void onDelete(ConfigMap config, boolean unknownFinalState) {}
  }

  /**
   * {@code kubectl apply} stores only the fields the user wrote; the operator reads the spec with
   * every default filled in. A rollback must still land on the stored object.
   */
  @Test
  void aRollbackLandsOnASpecStoredWithoutItsDefaults() {
    writeSpecAsKubectlWould(EXAMPLE_SPEC + "  service:\n    type: NodePort\n");
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));
    // The example again, stored without a service section: revision 1's spec, now revision 3.
    writeSpecAsKubectlWould(EXAMPLE_SPEC);
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(3L));

    annotate(LoadBalancer.ROLLBACK_TO_ANNOTATION, "2");

    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(4L));
    assertThat(lb().getSpec().service().type()).isEqualTo(ServiceType.NODE_PORT);
    assertThat(lb().getMetadata().getAnnotations())
        .doesNotContainKey(LoadBalancer.ROLLBACK_TO_ANNOTATION);
    eventually(
        () ->
            assertThat(client.services().withName("web-proxy").get().getSpec().getType())
                .isEqualTo("NodePort"));
    assertThat(condition("Rollback").getReason()).isEqualTo("RolledBack");
  }

  @Test
  void anUnknownRevisionLeavesTheSpecAndSaysSo() {
    editSpec(s -> Specs.withBackends(s, "http://backend9:9009"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));
    LoadBalancerSpec before = lb().getSpec();

    annotate(LoadBalancer.ROLLBACK_TO_ANNOTATION, "7");

    eventually(() -> assertThat(events("RollbackFailed")).hasSize(1));
    eventually(
        () ->
            assertThat(lb().getMetadata().getAnnotations())
                .doesNotContainKey(LoadBalancer.ROLLBACK_TO_ANNOTATION));
    assertThat(events("RollbackFailed").get(0).getMessage())
        .isEqualTo("revision 7 is not in the history (kept: 1, 2); the spec was not changed");
    assertThat(events("RollbackFailed").get(0).getType()).isEqualTo("Warning");
    eventually(() -> assertThat(condition("Rollback").getStatus()).isEqualTo("False"));
    assertThat(condition("Rollback").getReason()).isEqualTo("RevisionNotFound");
    assertThat(condition("Rollback").getMessage()).contains("revision 7 is not in the history");
    assertThat(lb().getSpec()).isEqualTo(before);
    assertThat(status().getCurrentRevision()).isEqualTo(2L);
    assertThat(revisionNumbers()).containsExactly(1L, 2L);
  }

  @Test
  void aRevisionThatIsNoNumberIsRejectedTheSameWay() {
    annotate(LoadBalancer.ROLLBACK_TO_ANNOTATION, "latest");

    eventually(() -> assertThat(events("RollbackFailed")).hasSize(1));
    assertThat(events("RollbackFailed").get(0).getMessage())
        .isEqualTo(
            "roundhouse.dev/rollback-to must be a revision number, not \"latest\"; the spec was not changed");
    eventually(() -> assertThat(condition("Rollback").getReason()).isEqualTo("InvalidRevision"));
    assertThat(lb().getMetadata().getAnnotations())
        .doesNotContainKey(LoadBalancer.ROLLBACK_TO_ANNOTATION);
  }

  /**
   * Like replicas, how many revisions are kept is not part of a revision: changing it makes none
   * (and no reload), it prunes at once, and a rollback does not bring back an older limit, which
   * could delete the history the user rolls back through.
   */
  @Test
  void theHistoryLimitIsNoRevisionOfItsOwnAndARollbackKeepsTodaysLimit() {
    for (int i = 2; i <= 3; i++) {
      int backend = i;
      editSpec(s -> Specs.withBackends(s, "http://backend" + backend + ":900" + backend));
      eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo((long) backend));
    }

    LoadBalancer limited = editSpec(s -> Specs.withHistoryLimit(s, 1));

    eventually(
        () ->
            assertThat(status().getObservedGeneration())
                .isEqualTo(limited.getMetadata().getGeneration()));
    eventually(() -> assertThat(revisionNumbers()).containsExactly(2L, 3L));
    assertThat(status().getCurrentRevision()).isEqualTo(3L);
    assertThat(revisionOfConfigMap()).isEqualTo("3");
    assertThat(events("NewRevision")).hasSize(3);

    annotate(LoadBalancer.ROLLBACK_TO_ANNOTATION, "2");

    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(4L));
    assertThat(lb().getSpec().revisionHistoryLimit()).isEqualTo(1);
    assertThat(lb().getSpec().config().backends())
        .extracting(b -> b.url())
        .containsExactly("http://backend2:9002");
    eventually(() -> assertThat(revisionNumbers()).containsExactly(3L, 4L));
  }

  private static final String EXAMPLE_SPEC =
      """
      spec:
        frontends:
          - port: 8080
          - port: 8081
        backends:
          - url: "http://backend1:9001"
          - url: "http://backend2:9002"
          - url: "http://backend3:9003"
        healthcheck:
          interval: "10s"
          timeout: "2s"
          path: "/health"
      """;

  /** Replaces the stored spec with exactly {@code yaml}'s, as {@code kubectl apply} would. */
  private void writeSpecAsKubectlWould(String yaml) {
    Object spec =
        client.getKubernetesSerialization().unmarshal(yaml, java.util.Map.class).get("spec");
    client
        .genericKubernetesResources(LoadBalancer.GROUP + "/" + LoadBalancer.VERSION, "LoadBalancer")
        .withName("web")
        .edit(
            (GenericKubernetesResource lb) -> {
              lb.setAdditionalProperty("spec", spec);
              return lb;
            });
  }

  @Test
  void theHistoryIsPrunedToRevisionHistoryLimit() {
    editSpec(s -> Specs.withHistoryLimit(s, 2));
    for (int i = 2; i <= 5; i++) {
      int backend = i;
      editSpec(s -> Specs.withBackends(s, "http://backend" + backend + ":900" + backend));
      eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo((long) backend));
    }

    // The revision in force and the two before it.
    eventually(() -> assertThat(revisionNumbers()).containsExactly(3L, 4L, 5L));
    assertThat(revisions())
        .allSatisfy(
            cr -> {
              assertThat(cr.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));
              assertThat(cr.getMetadata().getLabels())
                  .containsEntry("roundhouse.dev/loadbalancer", "web");
            });
  }
}
