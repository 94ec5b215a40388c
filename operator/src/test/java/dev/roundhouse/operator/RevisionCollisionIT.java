package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.revision.SpecContent;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ControllerRevisions the operator finds under the names it would choose: left orphaned by a {@code
 * kubectl delete --cascade=orphan}, or still owned by a deleted LoadBalancer of the same name that
 * the garbage collector has not cleared yet. Neither may block the resource.
 */
class RevisionCollisionIT extends OperatorTestBase {

  private static final String NAME = "shop";

  @Test
  void anOrphanedRevisionOfTheSameSpecIsAdoptedAndStaysInForce() throws Exception {
    LoadBalancer shop = shop();
    String name = NAME + "-" + SpecContent.of(shop.getSpec()).hash();
    client.resource(revision(name, 4, shop, null)).create();

    LoadBalancer created = client.resource(shop).create();

    eventually(() -> assertThat(currentRevision()).isEqualTo(4L));
    assertThat(shopRevisions())
        .singleElement()
        .satisfies(
            cr -> {
              assertThat(cr.getMetadata().getName()).isEqualTo(name);
              assertThat(cr.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      ref -> {
                        assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
                        assertThat(ref.getController()).isTrue();
                      });
            });
    eventually(
        () ->
            assertThat(
                    client
                        .configMaps()
                        .withName("shop-config")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("roundhouse.dev/revision", "4"));
  }

  @Test
  void aRevisionOfADeletedNamesakeDoesNotBlockTheNewResource() throws Exception {
    LoadBalancer shop = shop();
    String taken = NAME + "-" + SpecContent.of(shop.getSpec()).hash();
    client.resource(revision(taken, 2, shop, "uid-of-the-deleted-shop")).create();

    LoadBalancer created = client.resource(shop).create();

    eventually(() -> assertThat(currentRevision()).isEqualTo(1L));
    List<ControllerRevision> own =
        shopRevisions().stream()
            .filter(
                cr ->
                    cr.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> created.getMetadata().getUid().equals(ref.getUid())))
            .toList();
    assertThat(own)
        .singleElement()
        .satisfies(
            cr -> {
              assertThat(cr.getRevision()).isEqualTo(1L);
              assertThat(cr.getMetadata().getName()).startsWith(NAME + "-").isNotEqualTo(taken);
            });
    eventually(() -> assertThat(client.configMaps().withName("shop-config").get()).isNotNull());
  }

  private LoadBalancer shop() throws Exception {
    LoadBalancer shop = cluster.example();
    shop.getMetadata().setName(NAME);
    return shop;
  }

  private Long currentRevision() {
    LoadBalancer lb = client.resources(LoadBalancer.class).withName(NAME).get();
    return lb.getStatus() == null ? null : lb.getStatus().getCurrentRevision();
  }

  private List<ControllerRevision> shopRevisions() {
    return client
        .apps()
        .controllerRevisions()
        .withLabel("roundhouse.dev/loadbalancer", NAME)
        .list()
        .getItems();
  }

  /** A revision as the operator writes them, owned by {@code ownerUid} (null: by nothing). */
  private static ControllerRevision revision(
      String name, long number, LoadBalancer lb, String ownerUid) {
    ControllerRevisionBuilder revision =
        new ControllerRevisionBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(
                Map.of(
                    "roundhouse.dev/loadbalancer",
                    NAME,
                    "app.kubernetes.io/managed-by",
                    "roundhouse-operator"))
            .endMetadata()
            .withRevision(number)
            .withData(SpecContent.of(lb.getSpec()).toData());
    if (ownerUid != null) {
      revision
          .editMetadata()
          .withOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion("roundhouse.dev/v1alpha1")
                  .withKind("LoadBalancer")
                  .withName(NAME)
                  .withUid(ownerUid)
                  .withController(true)
                  .build())
          .endMetadata();
    }
    return revision.build();
  }
}
