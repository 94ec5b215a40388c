package dev.roundhouse.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {

  private static Revision revision(long number) {
    return new Revision(
        number,
        LoadBalancerConfig.of(
            List.of(Frontend.onPort(8080)),
            List.of(Backend.of("http://127.0.0.1:" + (9000 + number)))),
        "test",
        Instant.EPOCH);
  }

  @Test
  void keepsTheNewestUpToTheLimitInAcceptanceOrder() {
    RevisionHistory history = new RevisionHistory(3);
    for (long n : new long[] {1, 2, 7, 3}) {
      history.add(revision(n));
    }

    assertThat(history.list()).extracting(Revision::number).containsExactly(2L, 7L, 3L);
    assertThat(history.numbers()).isEqualTo("2, 7, 3");
    assertThat(history.highestNumber()).isEqualTo(7);
    assertThat(history.find(1)).isEmpty();
    assertThat(history.before(3)).map(Revision::number).contains(7L);
    assertThat(history.before(2)).isEmpty();
  }

  @Test
  void aRevisionWithANumberAlreadyKeptReplacesItAsTheNewest() {
    RevisionHistory history = new RevisionHistory(5);
    history.add(revision(1));
    history.add(revision(2));
    Revision again = new Revision(1, revision(3).config(), "test", Instant.EPOCH);

    history.add(again);

    assertThat(history.list()).extracting(Revision::number).containsExactly(2L, 1L);
    assertThat(history.find(1)).containsSame(again);
  }

  @Test
  void theLimitIsAtLeastOne() {
    assertThatThrownBy(() -> new RevisionHistory(0))
        .hasMessage("--revision-history must be at least 1, not 0");
  }
}
