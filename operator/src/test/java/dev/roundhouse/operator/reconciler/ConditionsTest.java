package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-01T11:30:00.700Z");

  private static List<Condition> first() {
    return new Conditions(List.of(), 1L, T1)
        .set(Conditions.ACCEPTED, true, "Valid", "ok")
        .set(Conditions.AVAILABLE, false, "NoPods", "none yet")
        .toList();
  }

  @Test
  void aNewConditionStartsNow() {
    assertThat(first())
        .extracting(
            Condition::getType, Condition::getLastTransitionTime, Condition::getObservedGeneration)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Accepted", "2026-01-01T10:00:00Z", 1L),
            org.assertj.core.groups.Tuple.tuple("Available", "2026-01-01T10:00:00Z", 1L));
  }

  @Test
  void aNewReasonOrMessageWithTheSameStatusKeepsTheTransitionTime() {
    List<Condition> next =
        new Conditions(first(), 2L, T2)
            .set(Conditions.AVAILABLE, false, "NoReadyPods", "0 of 1 ready")
            .toList();

    assertThat(next)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("NoReadyPods");
              assertThat(c.getMessage()).isEqualTo("0 of 1 ready");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
            });
  }

  @Test
  void aFlipRecordsTheTimeOfTheFlipToTheSecond() {
    List<Condition> next =
        new Conditions(first(), 2L, T2)
            .set(Conditions.AVAILABLE, true, "PodsReady", "1 of 1 ready")
            .toList();

    assertThat(next.get(0).getStatus()).isEqualTo("True");
    assertThat(next.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T11:30:00Z");
  }

  @Test
  void keepCarriesAConditionOverUnchangedAndOnlyIfItWasThere() {
    List<Condition> next =
        new Conditions(first(), 2L, T2)
            .keep(Conditions.ACCEPTED)
            .keep(Conditions.ROLLBACK)
            .toList();

    assertThat(next).containsExactly(first().get(0));
    assertThat(Conditions.isTrue(next, Conditions.ACCEPTED)).isTrue();
    assertThat(Conditions.isTrue(next, Conditions.ROLLBACK)).isFalse();
  }
}
