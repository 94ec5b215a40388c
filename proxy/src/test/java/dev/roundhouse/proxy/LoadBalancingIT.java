package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.BackendStats;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The algorithms, through a proxy process, over three example backend processes. */
class LoadBalancingIT {

  private final List<BackendProcess> backends = new ArrayList<>();

  @BeforeEach
  void startBackends() {
    for (int i = 1; i <= 3; i++) {
      backends.add(BackendProcess.start(i));
    }
  }

  @AfterEach
  void stopBackends() {
    backends.forEach(BackendProcess::close);
  }

  private ProxyProcess proxy(Algorithm algorithm, int... weights) {
    LoadBalancerConfig base =
        ProxyProcess.configFor(backends.stream().map(BackendProcess::url).toList());
    List<Backend> weighted = new ArrayList<>();
    for (int i = 0; i < backends.size(); i++) {
      weighted.add(new Backend(backends.get(i).url(), weights.length > 0 ? weights[i] : null));
    }
    LoadBalancerConfig config =
        new LoadBalancerConfig(
            base.frontends(),
            weighted,
            algorithm,
            base.healthcheck(),
            base.timeouts(),
            base.retries(),
            base.logging(),
            base.metrics());
    return ProxyProcess.builder().config(config).start();
  }

  /** Sends {@code n} GETs over {@code connections} keep-alive connections, in turn. */
  private static List<String> ids(int port, int n, int connections) throws Exception {
    List<RawHttp> clients = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      clients.add(RawHttp.connect(port));
    }
    try {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        RawHttp.Response response = clients.get(i % connections).get("/");
        assertThat(response.status()).isEqualTo(200);
        ids.add(response.header("X-Backend-Id"));
      }
      return ids;
    } finally {
      for (RawHttp client : clients) {
        client.close();
      }
    }
  }

  @Test
  void roundRobinGivesExactlyAThirdToEach() throws Exception {
    try (ProxyProcess proxy = proxy(Algorithm.ROUND_ROBIN)) {
      List<String> ids = ids(proxy.port(), 300, 4);
      assertThat(counts(ids))
          .containsEntry("1", 100)
          .containsEntry("2", 100)
          .containsEntry("3", 100);
      assertThat(backends).allSatisfy(b -> assertThat(b.requestCount()).isEqualTo(100));
    }
  }

  @Test
  void weightedRoundRobinFollowsTheWeightsWithoutBursts() throws Exception {
    try (ProxyProcess proxy = proxy(Algorithm.WEIGHTED_ROUND_ROBIN, 3, 2, 1)) {
      List<String> ids = ids(proxy.port(), 300, 1);
      assertThat(counts(ids))
          .containsEntry("1", 150)
          .containsEntry("2", 100)
          .containsEntry("3", 50);
      assertThat(longestRun(ids, "1")).isLessThanOrEqualTo(3);
      assertThat(longestRun(ids, "2")).isLessThanOrEqualTo(2);
      assertThat(longestRun(ids, "3")).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void ipHashKeepsEachClientAddressOnOneBackend() throws Exception {
    try (ProxyProcess proxy = proxy(Algorithm.IP_HASH)) {
      Set<String> used = new HashSet<>();
      for (int host = 2; host <= 21; host++) {
        InetAddress source = InetAddress.getByName("127.0.0." + host);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
          // A new connection each time: the choice must not depend on the connection.
          try (RawHttp client = RawHttp.connect(proxy.port(), source)) {
            seen.add(client.get("/").header("X-Backend-Id"));
          }
        }
        assertThat(seen).as("backends seen by 127.0.0.%d", host).hasSize(1);
        used.addAll(seen);
      }
      assertThat(used).as("twenty client addresses spread over the backends").hasSizeGreaterThan(1);
    }
  }

  @Test
  void leastConnectionsSendsNewRequestsAwayFromBackendsHoldingSlowOnes() throws Exception {
    try (ProxyProcess proxy = proxy(Algorithm.LEAST_CONNECTIONS)) {
      RawHttp slow1 = RawHttp.connect(proxy.port());
      RawHttp slow2 = RawHttp.connect(proxy.port());
      slow1.send(RawHttp.getRequest("/?delay=3000"));
      slow2.send(RawHttp.getRequest("/?delay=3000"));
      org.awaitility.Awaitility.await()
          .until(() -> backends.stream().mapToInt(BackendStats::inFlight).sum() == 2);
      List<String> fast = ids(proxy.port(), 20, 1);
      String slowA = slow1.read(false).header("X-Backend-Id");
      String slowB = slow2.read(false).header("X-Backend-Id");
      slow1.close();
      slow2.close();
      assertThat(slowA).isNotEqualTo(slowB);
      assertThat(new HashSet<>(fast)).hasSize(1).doesNotContain(slowA, slowB);
    }
  }

  @Test
  void randomUsesEveryBackend() throws Exception {
    try (ProxyProcess proxy = proxy(Algorithm.RANDOM)) {
      Map<String, Integer> counts = counts(ids(proxy.port(), 300, 2));
      assertThat(counts).containsOnlyKeys("1", "2", "3");
      assertThat(counts.values()).allSatisfy(n -> assertThat(n).isGreaterThan(50));
    }
  }

  @Test
  void concurrentClientsUnderRoundRobinStillGetAnExactSplit() throws Exception {
    try (ProxyProcess proxy = proxy(Algorithm.ROUND_ROBIN)) {
      List<CompletableFuture<List<String>>> clients =
          Stream.generate(
                  () ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              return ids(proxy.port(), 100, 1);
                            } catch (Exception e) {
                              throw new IllegalStateException(e);
                            }
                          }))
              .limit(6)
              .toList();
      List<String> all = new ArrayList<>();
      for (CompletableFuture<List<String>> client : clients) {
        all.addAll(client.get());
      }
      assertThat(counts(all))
          .containsEntry("1", 200)
          .containsEntry("2", 200)
          .containsEntry("3", 200);
    }
  }

  private static Map<String, Integer> counts(List<String> ids) {
    Map<String, Integer> counts = new HashMap<>();
    ids.forEach(id -> counts.merge(id, 1, Integer::sum));
    return counts;
  }

  private static int longestRun(List<String> ids, String id) {
    int longest = 0;
    int run = 0;
    for (String each : ids) {
      run = each.equals(id) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
