package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminPlacementTest {

  private static LoadBalancerConfig withMetrics(Metrics metrics) {
    return LoadBalancerConfig.builder()
        .frontends(List.of(Frontend.onPort(8080)))
        .backends(List.of(Backend.of("http://b:9001")))
        .metrics(metrics)
        .build();
  }

  @Test
  void theFlagsWinOverEveryConfigTheSourceDelivers() {
    var overrides = new AdminPlacement(9090, "::").overrides();

    assertThat(overrides.apply(withMetrics(new Metrics(false, 9191, "0.0.0.0"))).metrics())
        .isEqualTo(new Metrics(false, 9090, "::"));
    assertThat(overrides.apply(withMetrics(Metrics.DEFAULTS)).metrics())
        .isEqualTo(new Metrics(true, 9090, "::"));
  }

  @Test
  void aFlagLeftOutFollowsTheConfig() {
    LoadBalancerConfig config = withMetrics(new Metrics(true, 9191, "127.0.0.1"));

    assertThat(new AdminPlacement(9090, null).overrides().apply(config).metrics())
        .isEqualTo(new Metrics(true, 9090, "127.0.0.1"));
    assertThat(new AdminPlacement(null, null).overrides().apply(config)).isSameAs(config);
  }
}
