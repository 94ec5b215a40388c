package dev.roundhouse.proxy.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.OutlierDetection;
import dev.roundhouse.proxy.metrics.Scrape;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outlier detection through a proxy process: a backend answering 500 to every other request is
 * ejected, comes back when its ejection time is up, and however many backends fail, no more than
 * half of the pool (rounded down) is ever out.
 */
class OutlierDetectionIT {

  private final List<TestBackend> backends = new ArrayList<>();

  @BeforeEach
  void startBackends() {
    for (int i = 1; i <= 3; i++) {
      backends.add(TestBackend.start(String.valueOf(i)));
    }
  }

  @AfterEach
  void stopBackends() {
    backends.forEach(TestBackend::close);
  }

  private static void failEveryOther(TestBackend backend) {
    AtomicInteger n = new AtomicInteger();
    backend.setStatus(() -> n.getAndIncrement() % 2 == 0 ? 500 : 200);
  }

  private static double ejected(Scrape scrape, TestBackend backend) {
    return scrape.value("roundhouse_backend_ejected", "backend", backend.url());
  }

  @Test
  void aBackendFailingHalfItsRequestsIsEjectedReturnsAndAtMostHalfThePoolIsOut() {
    LoadBalancerConfig config =
        ProxyProcess.configFor(backends.stream().map(TestBackend::url).toList()).toBuilder()
            .outlierDetection(
                new OutlierDetection(
                    0, 30, 10, Duration.ofSeconds(10), Duration.ofSeconds(4), null, null, null))
            .build();
    TestBackend bad = backends.get(0);
    failEveryOther(bad);
    try (ProxyProcess proxy = ProxyProcess.builder().config(config).start();
        LoadGenerator load = LoadGenerator.start(proxy.port(), 4, "/", Duration.ofMinutes(5))) {
      AdminClient admin = new AdminClient(proxy.adminPort());

      await("ejected")
          .ignoreExceptions() // the admin server may start after the frontend
          .atMost(Duration.ofSeconds(60))
          .until(() -> ejected(admin.metrics(), bad) == 1);
      int whileOut = bad.requests();
      assertThat(proxy.output()).contains("is EJECTED for 4s");
      JsonNode status = admin.backend(bad.url());
      // One snapshot: ejected (unless its 4 s are over already) means out of rotation.
      assertThat(status.get("available").asBoolean()).isEqualTo(!status.get("ejected").asBoolean());
      assertThat(status.get("health").asText()).isEqualTo("up");

      // Back, and given requests again: its fresh window needs minimumRequests (10) before it can
      // be judged, so it gets them even if it is ejected again a moment later (too short a moment
      // to catch the gauge at 0 reliably).
      await("back after its ejection time")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  proxy.output().contains("is back in rotation: its ejection time is over")
                      && bad.requests() > whileOut + 5);
      await("ejected again, for longer")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  admin.metrics().value("roundhouse_outlier_ejections_total", "backend", bad.url())
                      >= 2);
      assertThat(proxy.output()).contains("is EJECTED for 8s (ejection 2 in a row)");

      // Now every backend fails half of its requests: one of three may be out, never two.
      backends.forEach(OutlierDetectionIT::failEveryOther);
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      double mostOut = 0;
      while (System.nanoTime() < until) {
        Scrape scrape = admin.metrics();
        mostOut = Math.max(mostOut, scrape.sum("roundhouse_backend_ejected"));
        assertThat(scrape.sum("roundhouse_backend_ejected")).isLessThanOrEqualTo(1);
      }
      assertThat(mostOut).isEqualTo(1);
      assertThat(proxy.output()).contains("the most maxEjectionPercent 50% allows");
      load.stop();
      assertThat(load.results(r -> r.status() == 503))
          .as("never 503: the pool never empties")
          .isEmpty();
    }
  }
}
