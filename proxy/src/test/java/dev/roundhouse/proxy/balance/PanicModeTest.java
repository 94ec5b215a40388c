package dev.roundhouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PanicModeTest {

  private static List<BackendState> backends(int n) {
    List<BackendState> states = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      states.add(new BackendState(Backend.of("http://10.0.0." + i + ":80"), Instant.EPOCH));
    }
    return states;
  }

  @Test
  void belowTheThresholdEveryConfiguredBackendIsBalancedOver() {
    List<BackendState> b = backends(4);
    PanicMode panic = new PanicMode(50);
    Balancer balancer = Balancers.create(Algorithm.ROUND_ROBIN, b, SlowStart.OFF, panic);
    b.get(0).markDown("test", Instant.EPOCH);
    assertThat(picks(balancer, 30)).hasSize(3);
    assertThat(panic.active()).isFalse();

    b.get(1).eject(); // 2 of 4 available: not below 50%
    assertThat(picks(balancer, 30)).hasSize(2);
    b.get(2).markDown("test", Instant.EPOCH); // 1 of 4
    assertThat(picks(balancer, 30)).hasSize(4);
    assertThat(panic.active()).isTrue();

    b.get(2).markUp("test", Instant.EPOCH);
    assertThat(picks(balancer, 30)).hasSize(2);
    assertThat(panic.active()).isFalse();
    b.get(3).retire();
    assertThat(PanicMode.OFF.eligibility(b)).isEqualTo(Eligibility.AVAILABLE);
  }

  private static Set<BackendState> picks(Balancer balancer, int n) {
    Set<BackendState> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      out.add(balancer.pick(InetAddress.getLoopbackAddress(), List.of()));
    }
    return out;
  }
}
