package dev.roundhouse.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigRevisionHistoryTest {

  private static ConfigRevision revision(long number) {
    return new ConfigRevision(
        number,
        LoadBalancerConfig.of(
            List.of(Frontend.onPort(8080)),
            List.of(Backend.of("http://127.0.0.1:" + (9000 + number)))),
        "test",
        Instant.EPOCH);
  }

  @Test
  void keepsTheNewestUpToTheLimitInAcceptanceOrder() {
    ConfigRevisionHistory history = new ConfigRevisionHistory(3);
    for (long n : new long[] {1, 2, 7, 3}) {
      history.add(revision(n));
    }

    assertThat(history.list()).extracting(ConfigRevision::number).containsExactly(2L, 7L, 3L);
    assertThat(history.numbers()).isEqualTo("2, 7, 3");
    assertThat(history.highestNumber()).isEqualTo(7);
    assertThat(history.find(1)).isEmpty();
    assertThat(history.before(3)).map(ConfigRevision::number).contains(7L);
    assertThat(history.before(2)).isEmpty();
  }

  @Test
  void aRevisionWithANumberAlreadyKeptReplacesItAsTheNewest() {
    ConfigRevisionHistory history = new ConfigRevisionHistory(5);
    history.add(revision(1));
    history.add(revision(2));
    ConfigRevision again = new ConfigRevision(1, revision(3).config(), "test", Instant.EPOCH);

    history.add(again);

    assertThat(history.list()).extracting(ConfigRevision::number).containsExactly(2L, 1L);
    assertThat(history.find(1)).containsSame(again);
  }

  @Test
  void theLimitIsAtLeastOne() {
    assertThatThrownBy(() -> new ConfigRevisionHistory(0))
        .hasMessage("--revision-history must be at least 1, not 0");
  }
}
