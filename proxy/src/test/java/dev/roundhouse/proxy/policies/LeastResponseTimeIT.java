package dev.roundhouse.proxy.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code least-response-time} through a proxy process: a backend made ten times slower than the
 * others soon gets a small share, and its share comes back when it is fast again.
 */
class LeastResponseTimeIT {

  private static final Duration FAST = Duration.ofMillis(10);
  private static final Duration SLOW = Duration.ofMillis(100);

  private final List<TestBackend> backends = new ArrayList<>();

  @BeforeEach
  void startBackends() {
    for (int i = 1; i <= 3; i++) {
      TestBackend backend = TestBackend.start(String.valueOf(i));
      backend.setDelay(FAST);
      backends.add(backend);
    }
  }

  @AfterEach
  void stopBackends() {
    backends.forEach(TestBackend::close);
  }

  /**
   * The share of backend {@code id} among the responses to requests sent in the last {@code
   * window}; -1 while there are too few to judge.
   */
  private static double recentShare(LoadGenerator load, String id, Duration window) {
    long since = System.nanoTime() - window.toNanos();
    List<LoadGenerator.Result> recent = load.results(r -> r.sentNanos() > since && r.ok());
    if (recent.size() < 60) {
      return -1;
    }
    return recent.stream().filter(r -> id.equals(r.backend())).count() / (double) recent.size();
  }

  @Test
  void aSlowBackendGetsASmallShareAndRecoversItWhenFastAgain() {
    LoadBalancerConfig config =
        ProxyProcess.configFor(backends.stream().map(TestBackend::url).toList()).toBuilder()
            .algorithm(Algorithm.LEAST_RESPONSE_TIME)
            .build();
    try (ProxyProcess proxy = ProxyProcess.builder().config(config).start();
        LoadGenerator load = LoadGenerator.start(proxy.port(), 6, "/", Duration.ofMinutes(5))) {
      Duration window = Duration.ofSeconds(3);
      await("an even share while all are fast")
          .atMost(Duration.ofSeconds(60))
          .until(() -> recentShare(load, "2", window) > 0.2);

      backends.get(1).setDelay(SLOW);
      await("a small share once slow")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                double share = recentShare(load, "2", window);
                return share >= 0 && share < 0.1;
              });

      backends.get(1).setDelay(FAST);
      await("its share back once fast again")
          .atMost(Duration.ofSeconds(120))
          .until(() -> recentShare(load, "2", window) > 0.2);

      load.stop();
      assertThat(load.failures()).isEmpty();
    }
  }
}
