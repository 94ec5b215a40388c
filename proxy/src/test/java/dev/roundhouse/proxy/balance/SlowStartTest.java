package dev.roundhouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.routing.RoutingTable;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowStartTest {

  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final TestClock clock = new TestClock();
  private final SlowStart slowStart = new SlowStart(Duration.ofSeconds(30), clock);

  private static List<BackendState> backends(int n) {
    List<BackendState> states = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      states.add(
          new BackendState(
              Backend.of("http://10.0.0." + i + ":80"), T0.minus(Duration.ofMinutes(5))));
    }
    return states;
  }

  private static int share(Balancer balancer, BackendState backend, int picks) {
    int count = 0;
    for (int i = 0; i < picks; i++) {
      BackendState picked = balancer.pick(CLIENT, List.of());
      if (picked == backend) {
        count++;
      }
      picked.requestStarted(); // least-connections: spread, then end at once
      picked.requestFinished();
    }
    return count;
  }

  @Test
  void aBackendComingBackRampsFromATenthToItsWholeWeightOverTheWindow() {
    BackendState backend = backends(1).get(0);
    assertThat(slowStart.factor(backend)).isEqualTo(1);

    backend.markDown("test", T0);
    backend.markUp("test", T0);
    assertThat(slowStart.factor(backend)).isEqualTo(SlowStart.MIN_FACTOR);
    clock.advance(Duration.ofSeconds(15));
    assertThat(slowStart.factor(backend)).isCloseTo(0.5, within(1e-9));
    clock.advance(Duration.ofSeconds(15));
    assertThat(slowStart.factor(backend)).isEqualTo(1);
    assertThat(SlowStart.OFF.factor(new BackendState(Backend.of("http://a:1"), T0))).isEqualTo(1);
  }

  @Test
  void theBackendsAProxyStartsWithAreAtFullWeightAndOnlyThoseAddedLaterRamp() {
    LoadBalancerConfig first =
        LoadBalancerConfig.builder()
            .frontends(List.of(Frontend.onPort(8080)))
            .backends(List.of(Backend.of("http://10.0.0.1:80")))
            .algorithm(Algorithm.WEIGHTED_ROUND_ROBIN)
            .slowStart(Duration.ofSeconds(30))
            .build();
    RoutingTable starting = RoutingTable.of(first, null, clock.instant(), clock);
    BackendState old = starting.backends().get(0);
    assertThat(slowStart.factor(old)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    RoutingTable reloaded =
        RoutingTable.of(
            first.toBuilder()
                .backends(
                    List.of(Backend.of("http://10.0.0.1:80"), Backend.of("http://10.0.0.2:80")))
                .build(),
            starting,
            clock.instant(),
            clock);
    assertThat(reloaded.backends().get(0)).isSameAs(old);
    assertThat(slowStart.factor(old)).isEqualTo(1);
    assertThat(slowStart.factor(reloaded.backends().get(1))).isEqualTo(SlowStart.MIN_FACTOR);
  }

  @Test
  void weightedRoundRobinGivesARampingBackendItsScaledWeight() {
    List<BackendState> b = backends(2);
    Balancer balancer =
        Balancers.create(Algorithm.WEIGHTED_ROUND_ROBIN, b, slowStart, PanicMode.OFF);
    b.get(1).markDown("test", T0);
    b.get(1).markUp("test", T0);

    clock.advance(Duration.ofSeconds(6)); // 20% of its weight: 1 in 6 picks
    assertThat(share(balancer, b.get(1), 600)).isEqualTo(100);
    clock.advance(Duration.ofSeconds(9)); // 50%: 1 in 3
    assertThat(share(balancer, b.get(1), 600)).isEqualTo(200);
    clock.advance(Duration.ofSeconds(15)); // ramp over: half
    assertThat(share(balancer, b.get(1), 600)).isEqualTo(300);
  }

  @Test
  void leastAlgorithmsLetARampingBackendCompeteByChance() {
    for (Algorithm algorithm :
        List.of(Algorithm.LEAST_CONNECTIONS, Algorithm.LEAST_RESPONSE_TIME)) {
      List<BackendState> b = backends(2);
      Balancer balancer = Balancers.create(algorithm, b, slowStart, PanicMode.OFF);
      b.get(1).markDown("test", clock.instant());
      b.get(1).markUp("test", clock.instant());

      int early = share(balancer, b.get(1), 4000);
      clock.advance(Duration.ofSeconds(30));
      int late = share(balancer, b.get(1), 4000);

      assertThat(early).as(algorithm + " at 10%").isBetween(100, 500);
      assertThat(late).as(algorithm + " after the ramp").isBetween(1600, 2400);
    }
  }
}
