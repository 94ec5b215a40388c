package dev.roundhouse.proxy.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.RetryBudget;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.proxy.metrics.Scrape;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry budget under load: with a backend refusing every connection (and kept in rotation), the
 * retries sent stay within the budget, the rest are counted as refused and fail with 502.
 */
class RetryBudgetIT {

  @Test
  void retriesDuringABackendFailureStayWithinTheBudget() {
    String dead = "http://127.0.0.1:" + FreePorts.next(); // nothing listens there
    try (TestBackend one = TestBackend.start("1");
        TestBackend two = TestBackend.start("2")) {
      LoadBalancerConfig config =
          ProxyProcess.configFor(List.of(dead, one.url(), two.url())).toBuilder()
              // Neither active nor passive health takes the dead backend out: every third
              // request keeps needing a retry.
              .healthcheck(new HealthCheck(false, null, null, null, null, null, 0))
              .retryBudget(new RetryBudget(10, 0))
              .build();
      try (ProxyProcess proxy = ProxyProcess.builder().config(config).start();
          LoadGenerator load = LoadGenerator.start(proxy.port(), 8, "/", Duration.ofSeconds(6))) {
        AdminClient admin = new AdminClient(proxy.adminPort());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(load::finished);

        Scrape scrape = admin.metrics();
        double sent = scrape.sum("roundhouse_retries_total", "backend", dead);
        double refused = scrape.sum("roundhouse_retries_refused_total", "backend", dead);
        long requests = load.results().size();
        long badGateway = load.results(r -> r.status() == 502).size();
        long ok = load.ok();

        String counts =
            "requests "
                + requests
                + ", ok "
                + ok
                + ", retries sent "
                + sent
                + ", refused "
                + refused;
        // Every request the dead backend got first was retried or refused a retry.
        assertThat(sent + refused).as(counts).isEqualTo((double) (requests - (ok - sent)));
        assertThat(refused).as(counts).isGreaterThan(requests / 10.0);
        assertThat(badGateway).as(counts).isEqualTo((long) refused);
        // 10% of the requests (the run is shorter than the 10 s window).
        assertThat(sent).as(counts).isLessThanOrEqualTo(requests * 0.10);
        assertThat(sent).as(counts).isPositive();
        assertThat(ok).isEqualTo(requests - badGateway);
      }
    }
  }
}
