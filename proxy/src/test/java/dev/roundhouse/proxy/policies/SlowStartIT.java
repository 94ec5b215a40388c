package dev.roundhouse.proxy.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow start through a proxy process: a backend added by a reload starts with a small share of a
 * weighted rotation and grows to its full half.
 */
class SlowStartIT {

  /** The share of backend {@code id} in the next {@code n} responses. */
  private static double share(RawHttp client, String id, int n) throws Exception {
    int count = 0;
    for (int i = 0; i < n; i++) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(200);
      count += id.equals(response.header("X-Backend-Id")) ? 1 : 0;
    }
    return count / (double) n;
  }

  @Test
  void aBackendThatJoinsRampsUpToItsFullShare() throws Exception {
    try (TestBackend old = TestBackend.start("old");
        TestBackend joining = TestBackend.start("new")) {
      LoadBalancerConfig first =
          ProxyProcess.configFor(List.of(old.url())).toBuilder()
              .algorithm(Algorithm.WEIGHTED_ROUND_ROBIN)
              .slowStart(Duration.ofSeconds(30))
              .build();
      try (ProxyProcess proxy = ProxyProcess.builder().config(first).start();
          RawHttp client = RawHttp.connect(proxy.port())) {
        proxy.replaceConfig(
            first.toBuilder()
                .backends(List.of(Backend.of(old.url()), Backend.of(joining.url())))
                .build());
        await("the new backend is in the config")
            .atMost(Duration.ofSeconds(60))
            .until(() -> joining.requests() > 0 || share(client, "new", 20) > 0);

        // Its first seconds: 10% of its weight and growing, far from half.
        assertThat(share(client, "new", 100)).isLessThan(0.3);
        await("its full half once the ramp is over")
            .atMost(Duration.ofSeconds(90))
            .until(() -> Math.abs(share(client, "new", 100) - 0.5) <= 0.02);
      }
    }
  }
}
