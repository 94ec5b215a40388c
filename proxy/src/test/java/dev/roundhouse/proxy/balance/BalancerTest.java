package dev.roundhouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BalancerTest {

  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  private static List<BackendState> backends(int... weights) {
    List<BackendState> states = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      states.add(
          new BackendState(
              new Backend("http://10.0.0." + (i + 1) + ":80", weights[i]), Instant.EPOCH));
    }
    return states;
  }

  private static List<Integer> picks(Balancer balancer, List<BackendState> backends, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(backends.indexOf(balancer.pick(CLIENT, List.of())));
    }
    return out;
  }

  @Test
  void roundRobinRotatesStrictlyAndEvenly() {
    List<BackendState> b = backends(1, 1, 1);
    Balancer rr = Balancers.create(Algorithm.ROUND_ROBIN, b);
    List<Integer> picks = picks(rr, b, 300);
    assertThat(picks.subList(0, 6)).containsExactly(0, 1, 2, 0, 1, 2);
    assertThat(counts(picks)).containsEntry(0, 100).containsEntry(1, 100).containsEntry(2, 100);
  }

  @Test
  void roundRobinSkipsBackendsThatAreDown() {
    List<BackendState> b = backends(1, 1, 1);
    b.get(1).markDown("test", Instant.EPOCH);
    Balancer rr = Balancers.create(Algorithm.ROUND_ROBIN, b);
    assertThat(picks(rr, b, 4)).containsExactly(0, 2, 0, 2);
  }

  @Test
  void smoothWeightedFollowsNginxSequence() {
    // The example of nginx's commit introducing smooth weighted round-robin: weights 5, 1, 1.
    List<BackendState> b = backends(5, 1, 1);
    Balancer swrr = Balancers.create(Algorithm.WEIGHTED_ROUND_ROBIN, b);
    assertThat(picks(swrr, b, 7)).containsExactly(0, 0, 1, 0, 2, 0, 0);
  }

  @Test
  void smoothWeightedGivesEachItsWeightWithoutBursts() {
    List<BackendState> b = backends(3, 2, 1);
    Balancer swrr = Balancers.create(Algorithm.WEIGHTED_ROUND_ROBIN, b);
    List<Integer> picks = picks(swrr, b, 300);
    assertThat(picks.subList(0, 6)).containsExactly(0, 1, 0, 2, 1, 0);
    assertThat(counts(picks)).containsEntry(0, 150).containsEntry(1, 100).containsEntry(2, 50);
    assertThat(longestRun(picks, 0)).isLessThanOrEqualTo(3);
    assertThat(longestRun(picks, 1)).isLessThanOrEqualTo(2);
    assertThat(longestRun(picks, 2)).isLessThanOrEqualTo(1);
  }

  @Test
  void leastConnectionsPrefersTheLeastBusy() {
    List<BackendState> b = backends(1, 1, 1);
    b.get(0).requestStarted();
    b.get(0).requestStarted();
    b.get(2).requestStarted();
    Balancer lc = Balancers.create(Algorithm.LEAST_CONNECTIONS, b);
    assertThat(picks(lc, b, 5)).containsOnly(1);
  }

  @Test
  void leastConnectionsSharesTiesAndHonoursWeights() {
    List<BackendState> b = backends(1, 1);
    Balancer lc = Balancers.create(Algorithm.LEAST_CONNECTIONS, b);
    assertThat(counts(picks(lc, b, 100))).containsEntry(0, 50).containsEntry(1, 50);

    List<BackendState> weighted = backends(1, 4);
    weighted.get(0).requestStarted();
    weighted.get(1).requestStarted();
    weighted.get(1).requestStarted();
    Balancer wlc = Balancers.create(Algorithm.LEAST_CONNECTIONS, weighted);
    // 1/1 versus 2/4: the heavier backend is relatively less loaded.
    assertThat(wlc.pick(CLIENT, List.of())).isSameAs(weighted.get(1));
  }

  @Test
  void ipHashKeepsAClientOnOneBackendAndSpreadsClients() throws UnknownHostException {
    List<BackendState> b = backends(1, 1, 1);
    Balancer hash = Balancers.create(Algorithm.IP_HASH, b);
    Map<Integer, Integer> spread = new HashMap<>();
    for (int i = 1; i <= 60; i++) {
      InetAddress client = InetAddress.getByName("192.168.7." + i);
      BackendState first = hash.pick(client, List.of());
      for (int j = 0; j < 10; j++) {
        assertThat(hash.pick(client, List.of())).isSameAs(first);
      }
      spread.merge(b.indexOf(first), 1, Integer::sum);
    }
    assertThat(spread).containsOnlyKeys(0, 1, 2);
    assertThat(spread.values()).allSatisfy(n -> assertThat(n).isGreaterThan(5));
  }

  @Test
  void ipHashMovesOnlyTheClientsOfABackendThatGoesDown() throws UnknownHostException {
    List<BackendState> b = backends(1, 1, 1);
    Balancer hash = Balancers.create(Algorithm.IP_HASH, b);
    Map<String, BackendState> before = new HashMap<>();
    for (int i = 1; i <= 60; i++) {
      before.put("10.1.1." + i, hash.pick(InetAddress.getByName("10.1.1." + i), List.of()));
    }
    b.get(0).markDown("test", Instant.EPOCH);
    for (Map.Entry<String, BackendState> e : before.entrySet()) {
      BackendState now = hash.pick(InetAddress.getByName(e.getKey()), List.of());
      if (e.getValue() != b.get(0)) {
        assertThat(now).isSameAs(e.getValue());
      } else {
        assertThat(now).isNotSameAs(b.get(0));
      }
    }
    b.get(0).markUp("test", Instant.EPOCH);
    for (Map.Entry<String, BackendState> e : before.entrySet()) {
      assertThat(hash.pick(InetAddress.getByName(e.getKey()), List.of())).isSameAs(e.getValue());
    }
  }

  @Test
  void randomReachesEveryAvailableBackend() {
    List<BackendState> b = backends(1, 1, 1);
    b.get(2).markDown("test", Instant.EPOCH);
    Balancer random = Balancers.create(Algorithm.RANDOM, b);
    Map<Integer, Integer> counts = counts(picks(random, b, 600));
    assertThat(counts).containsOnlyKeys(0, 1);
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(200, 400));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyAlgorithmSkipsTriedAndDownBackendsAndAnswersNullWhenNoneIsLeft(Algorithm algorithm) {
    List<BackendState> b = backends(1, 2, 3);
    Balancer balancer = Balancers.create(algorithm, b);
    b.get(0).markDown("test", Instant.EPOCH);
    for (int i = 0; i < 20; i++) {
      assertThat(balancer.pick(CLIENT, List.of(b.get(1)))).isSameAs(b.get(2));
    }
    assertThat(balancer.pick(CLIENT, Set.of(b.get(1), b.get(2)))).isNull();
    b.get(1).retire();
    b.get(2).markDown("test", Instant.EPOCH);
    assertThat(balancer.pick(CLIENT, List.of())).isNull();
    assertThat(Balancers.create(algorithm, List.of()).pick(CLIENT, List.of())).isNull();
  }

  @Test
  void roundRobinStaysExactUnderConcurrentPicks() throws InterruptedException {
    List<BackendState> b = backends(1, 1, 1);
    Balancer rr = Balancers.create(Algorithm.ROUND_ROBIN, b);
    Map<BackendState, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () ->
                  IntStream.range(0, 3000)
                      .forEach(i -> counts.merge(rr.pick(CLIENT, List.of()), 1, Integer::sum)));
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(counts.values()).containsOnly(4000);
  }

  private static Map<Integer, Integer> counts(List<Integer> picks) {
    Map<Integer, Integer> counts = new HashMap<>();
    picks.forEach(p -> counts.merge(p, 1, Integer::sum));
    return counts;
  }

  private static int longestRun(List<Integer> picks, int backend) {
    int longest = 0;
    int run = 0;
    for (int p : picks) {
      run = p == backend ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /** Only the algorithm that reads response times has the data path time every response. */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void onlyLeastResponseTimeWeighsResponseTimes(Algorithm algorithm) {
    assertThat(Balancers.create(algorithm, backends(1, 1)).weighsResponseTimes())
        .isEqualTo(algorithm == Algorithm.LEAST_RESPONSE_TIME);
  }
}
