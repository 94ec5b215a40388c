package dev.roundhouse.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableHolderTest {

  private static LoadBalancerConfig config(Algorithm algorithm, String... backends) {
    return new LoadBalancerConfig(
        List.of(Frontend.onPort(8080)),
        List.of(backends).stream().map(Backend::of).toList(),
        algorithm,
        null,
        new Timeouts(null, Duration.ofSeconds(3), null),
        4,
        null,
        null);
  }

  @Test
  void aTableCarriesTheConfigsRoutingSettings() {
    RoutingTable table =
        RoutingTable.of(
            config(Algorithm.LEAST_CONNECTIONS, "http://a:1", "http://b:2"), null, Instant.EPOCH);
    assertThat(table.backends())
        .extracting(b -> b.address())
        .containsExactly("http://a:1", "http://b:2");
    assertThat(table.algorithm()).isEqualTo(Algorithm.LEAST_CONNECTIONS);
    assertThat(table.timeouts().request()).isEqualTo(Duration.ofSeconds(3));
    assertThat(table.retries()).isEqualTo(4);
    assertThat(table.backends()).allMatch(b -> b.available());
  }

  @Test
  void aNewTableKeepsTheStateOfBackendsThatStay() {
    RoutingTable first =
        RoutingTable.of(
            config(Algorithm.ROUND_ROBIN, "http://a:1", "http://b:2"), null, Instant.EPOCH);
    first.backends().get(1).markDown("checks failed", Instant.EPOCH);
    RoutingTable second =
        RoutingTable.of(config(Algorithm.RANDOM, "http://b:2", "http://c:3"), first, Instant.EPOCH);
    assertThat(second.backends().get(0)).isSameAs(first.backends().get(1));
    assertThat(second.backends().get(0).available()).isFalse();
    assertThat(second.backends().get(1).available()).isTrue();
  }

  @Test
  void installSwapsTheTableForNewRequestsOnly() {
    RoutingTable first =
        RoutingTable.of(config(Algorithm.ROUND_ROBIN, "http://a:1"), null, Instant.EPOCH);
    RoutingTableHolder routing = new RoutingTableHolder(first);
    RoutingTable inFlight = routing.current();
    RoutingTable second =
        RoutingTable.of(config(Algorithm.ROUND_ROBIN, "http://b:2"), first, Instant.EPOCH);
    assertThat(routing.install(second)).isSameAs(first);
    assertThat(routing.current()).isSameAs(second);
    assertThat(inFlight.backends()).extracting(b -> b.address()).containsExactly("http://a:1");
  }
}
