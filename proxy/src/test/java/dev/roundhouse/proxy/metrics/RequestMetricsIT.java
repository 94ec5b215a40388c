package dev.roundhouse.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request metrics of a real proxy process, read from its /metrics after real traffic. */
class RequestMetricsIT {

  private static final int N = 30;

  @Test
  void everyRequestIsCountedOnceUnderItsBackendAndCode() throws Exception {
    try (BackendProcess one = BackendProcess.start(1);
        BackendProcess two = BackendProcess.start(2);
        BackendProcess three = BackendProcess.start(3)) {
      int port = FreePorts.next();
      int adminPort = FreePorts.next();
      AdminClient admin = new AdminClient(adminPort);
      LoadBalancerConfig config =
          new LoadBalancerConfig(
              List.of(new Frontend(port, "web")),
              List.of(Backend.of(one.url()), Backend.of(two.url()), Backend.of(three.url())),
              null,
              // A check may take most of a second on a busy machine, and one may time out: a
              // backend wrongly marked down while the requests are counted would take the
              // round-robin off a third each, so it takes three failed checks in a row.
              new HealthCheck(
                  null, Duration.ofSeconds(1), Duration.ofMillis(900), null, 1, 3, null),
              null,
              null,
              new Logging(null, LogFormat.TEXT, null),
              new Metrics(null, adminPort));
      try (ProxyProcess proxy =
          ProxyProcess.builder().config(config).readyWhen(p -> admin.readyz() == 200).start()) {
        try (RawHttp client = RawHttp.connect(port)) {
          for (int i = 0; i < N; i++) {
            assertThat(client.get("/item?n=" + i).status()).isEqualTo(200);
          }
        }

        // An exchange is counted just after its last byte is written: wait for the last one.
        await().until(() -> admin.metrics().sum("roundhouse_requests_total") == N);
        Scrape metrics = admin.metrics();
        assertThat(metrics.sum("roundhouse_requests_total")).isEqualTo(N);
        for (BackendProcess backend : List.of(one, two, three)) {
          // Round-robin: exactly a third each, all of them GET and 200 on frontend "web".
          assertThat(
                  metrics.value(
                      "roundhouse_requests_total",
                      "frontend",
                      "web",
                      "backend",
                      backend.url(),
                      "method",
                      "GET",
                      "code",
                      "200"))
              .isEqualTo(N / 3);
        }
        assertThat(metrics.sum("roundhouse_request_duration_seconds_count")).isEqualTo(N);
        assertThat(metrics.sum("roundhouse_request_duration_seconds_bucket", "le", "+Inf"))
            .isEqualTo(N);

        for (BackendProcess backend : List.of(one, two, three)) {
          backend.setHealthy(false);
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> admin.metrics().sum("roundhouse_backend_up") == 0);
        try (RawHttp client = RawHttp.connect(port)) {
          assertThat(client.get("/").status()).isEqualTo(503);
        }

        await().until(() -> admin.metrics().sum("roundhouse_requests_total") == N + 1);
        Scrape after = admin.metrics();
        assertThat(
                after.value(
                    "roundhouse_requests_total", "backend", "none", "method", "GET", "code", "503"))
            .isEqualTo(1);
        assertThat(after.sum("roundhouse_requests_total")).isEqualTo(N + 1);
        assertThat(after.sum("roundhouse_health_checks_total", "result", "failure"))
            .isGreaterThanOrEqualTo(3);
      }
    }
  }
}
