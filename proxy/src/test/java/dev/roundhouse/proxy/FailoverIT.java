package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backends that crash or hang, behind a proxy process. */
class FailoverIT {

  private static ProxyProcess proxy(Timeouts timeouts, BackendProcess... backends) {
    LoadBalancerConfig base =
        ProxyProcess.configFor(List.of(backends).stream().map(BackendProcess::url).toList());
    return ProxyProcess.builder()
        .config(
            new LoadBalancerConfig(
                base.frontends(),
                base.backends(),
                null,
                null,
                timeouts,
                null,
                null,
                base.metrics()))
        .start();
  }

  @Test
  void aCrashedBackendIsSkippedAndNoClientSeesAnError() throws Exception {
    try (BackendProcess one = BackendProcess.start(1);
        BackendProcess two = BackendProcess.start(2);
        BackendProcess three = BackendProcess.start(3);
        ProxyProcess proxy = proxy(Timeouts.DEFAULTS, one, two, three)) {
      try (RawHttp warm = RawHttp.connect(proxy.port())) {
        for (int i = 0; i < 6; i++) {
          assertThat(warm.get("/").status()).isEqualTo(200); // pooled connections to all three
        }
      }
      two.kill();
      Map<String, Integer> ids = new HashMap<>();
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        for (int i = 0; i < 300; i++) {
          RawHttp.Response response = client.get("/");
          assertThat(response.status()).as("request %d", i).isEqualTo(200);
          ids.merge(response.header("X-Backend-Id"), 1, Integer::sum);
        }
      }
      assertThat(ids).containsOnlyKeys("1", "3");
    }
  }

  @Test
  void withEveryBackendGoneTheClientGets502() throws Exception {
    try (BackendProcess one = BackendProcess.start(1);
        BackendProcess two = BackendProcess.start(2);
        ProxyProcess proxy = proxy(Timeouts.DEFAULTS, one, two)) {
      one.kill();
      two.kill();
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        RawHttp.Response response = client.get("/");
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.text()).contains("could not connect to a backend");
      }
      // When one comes back, traffic flows again.
      one.restart();
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        assertThat(client.get("/").header("X-Backend-Id")).isEqualTo("1");
      }
    }
  }

  @Test
  void aSlowBackendGives504WithinTheTimeout() throws Exception {
    try (BackendProcess slow = BackendProcess.start(1);
        ProxyProcess proxy = proxy(new Timeouts(null, Duration.ofSeconds(1), null), slow)) {
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        long start = System.nanoTime();
        RawHttp.Response response = client.get("/?delay=10s");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // The backend would answer 200 after 10 s: a 504 is the timeout's, and it waited for it.
        assertThat(response.status()).isEqualTo(504);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(client.get("/?delay=100ms").status()).isEqualTo(200);
      }
    }
  }
}
