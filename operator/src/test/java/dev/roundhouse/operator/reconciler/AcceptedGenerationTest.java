package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AcceptedGenerationTest {

  @Test
  void aGenerationAcceptedByAnEarlierPassNamesItsRevision() {
    assertThat(AcceptedGeneration.revision(lb(4L, 4L, true, Map.of())))
        .isEqualTo(OptionalLong.of(7));
  }

  @Test
  void aNewGenerationARejectedOneOrAPendingRollbackIsReadAndRecordedAgain() {
    assertThat(AcceptedGeneration.revision(lb(5L, 4L, true, Map.of()))).isEmpty();
    assertThat(AcceptedGeneration.revision(lb(4L, 4L, false, Map.of()))).isEmpty();
    assertThat(
            AcceptedGeneration.revision(
                lb(4L, 4L, true, Map.of(LoadBalancer.ROLLBACK_TO_ANNOTATION, "2"))))
        .isEmpty();
    LoadBalancer fresh = lb(1L, 1L, true, Map.of());
    fresh.setStatus(null);
    assertThat(AcceptedGeneration.revision(fresh)).isEmpty();
  }

  private static LoadBalancer lb(
      long generation, long acceptedAt, boolean accepted, Map<String, String> annotations) {
    LoadBalancer lb = new LoadBalancer();
    lb.setMetadata(
        new ObjectMetaBuilder()
            .withName("web")
            .withGeneration(generation)
            .withAnnotations(new HashMap<>(annotations))
            .build());
    LoadBalancerStatus status = new LoadBalancerStatus();
    status.setCurrentRevision(7L);
    status.setConditions(
        new Conditions(List.of(), acceptedAt, Instant.EPOCH)
            .set(Conditions.ACCEPTED, accepted, "Valid", "")
            .toList());
    lb.setStatus(status);
    return lb;
  }
}
