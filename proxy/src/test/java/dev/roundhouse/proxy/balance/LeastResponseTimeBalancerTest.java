package dev.roundhouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastResponseTimeBalancerTest {

  private static final long MS = 1_000_000;
  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  private static List<BackendState> backends(int n) {
    List<BackendState> states = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      states.add(new BackendState(Backend.of("http://10.0.0." + i + ":80"), Instant.EPOCH));
    }
    return states;
  }

  private static Map<BackendState, Integer> shares(Balancer balancer, int n) {
    Map<BackendState, Integer> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      out.merge(balancer.pick(CLIENT, List.of()), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void aSlowBackendLosesEveryComparisonWhileLoadsAreEqual() {
    List<BackendState> b = backends(3);
    b.get(0).responseTime().observe(10 * MS);
    b.get(1).responseTime().observe(100 * MS);
    b.get(2).responseTime().observe(10 * MS);

    Map<BackendState, Integer> shares =
        shares(Balancers.create(Algorithm.LEAST_RESPONSE_TIME, b), 3000);

    assertThat(shares.getOrDefault(b.get(1), 0)).isZero();
    // Each fast one wins at least its pairs with the slow one: a third of the picks.
    assertThat(shares.get(b.get(0))).isGreaterThan(800);
    assertThat(shares.get(b.get(2))).isGreaterThan(800);
  }

  @Test
  void requestsInFlightMakeAFastBackendCostMore() {
    List<BackendState> b = backends(2);
    b.get(0).responseTime().observe(10 * MS);
    b.get(1).responseTime().observe(30 * MS);
    for (int i = 0; i < 3; i++) {
      b.get(0).requestStarted(); // 10 ms × 4 > 30 ms × 1
    }
    Balancer balancer = Balancers.create(Algorithm.LEAST_RESPONSE_TIME, b);
    assertThat(balancer.pick(CLIENT, List.of())).isSameAs(b.get(1));
  }

  @Test
  void aBackendWithoutAnEstimateIsTriedOnceButNotFloodedWhileItsFirstAnswerIsDue() {
    List<BackendState> b = backends(2);
    b.get(0).responseTime().observe(10 * MS);
    Balancer balancer = Balancers.create(Algorithm.LEAST_RESPONSE_TIME, b);
    assertThat(balancer.pick(CLIENT, List.of())).isSameAs(b.get(1));
    b.get(1).requestStarted();
    assertThat(balancer.pick(CLIENT, List.of())).isSameAs(b.get(0));
  }

  @Test
  void downAndTriedBackendsAreSkipped() {
    List<BackendState> b = backends(3);
    b.get(0).markDown("test", Instant.EPOCH);
    Balancer balancer = Balancers.create(Algorithm.LEAST_RESPONSE_TIME, b);
    for (int i = 0; i < 50; i++) {
      assertThat(balancer.pick(CLIENT, List.of(b.get(1)))).isSameAs(b.get(2));
    }
    b.get(2).markDown("test", Instant.EPOCH);
    assertThat(balancer.pick(CLIENT, List.of(b.get(1)))).isNull();
  }
}
