package dev.roundhouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancerConfigTest {

  private static final List<Frontend> FRONTENDS = List.of(Frontend.onPort(8080));
  private static final List<Backend> BACKENDS = List.of(Backend.of("http://a:1"));

  @Test
  void whatTheBuilderLeavesUnsetTakesItsDefault() {
    LoadBalancerConfig config =
        LoadBalancerConfig.builder().frontends(FRONTENDS).backends(BACKENDS).build();

    assertThat(config).isEqualTo(LoadBalancerConfig.of(FRONTENDS, BACKENDS));
    assertThat(config.algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(config.retries()).isEqualTo(LoadBalancerConfig.DEFAULT_RETRIES);
    assertThat(config.healthcheck()).isEqualTo(HealthCheck.DEFAULTS);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    LoadBalancerConfig original =
        LoadBalancerConfig.builder()
            .frontends(FRONTENDS)
            .backends(BACKENDS)
            .algorithm(Algorithm.IP_HASH)
            .healthcheck(new HealthCheck(null, Duration.ofSeconds(3), null, null, null, null, null))
            .retries(5)
            .metrics(new Metrics(false, 9191))
            .build();

    LoadBalancerConfig changed = original.toBuilder().algorithm(Algorithm.RANDOM).build();

    assertThat(changed.algorithm()).isEqualTo(Algorithm.RANDOM);
    assertThat(changed.toBuilder().algorithm(Algorithm.IP_HASH).build()).isEqualTo(original);
    assertThat(original.toBuilder().build()).isEqualTo(original);
  }
}
