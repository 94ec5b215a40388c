package dev.roundhouse.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code metrics.address} as a user sets it: the admin server of a proxy process listens on that
 * address only, and a reload moves it while traffic goes on.
 */
class AdminAddressIT {

  @Test
  void theAdminServerListensOnTheConfiguredAddressAndMovesOnReload() throws Exception {
    try (BackendProcess backend = BackendProcess.start(1)) {
      LoadBalancerConfig base = ProxyProcess.configFor(List.of(backend.url()));
      int admin = base.metrics().port();
      LoadBalancerConfig onLoopback =
          base.toBuilder().metrics(new Metrics(null, admin, "127.0.0.1")).build();
      try (ProxyProcess proxy =
          ProxyProcess.builder()
              .config(onLoopback)
              .readyWhen(p -> ProxyProcess.accepts("127.0.0.1", admin))
              .start()) {
        assertThat(ProxyProcess.accepts("127.0.0.2", admin)).isFalse();

        proxy.replaceConfig(
            base.toBuilder().metrics(new Metrics(null, admin, "127.0.0.2")).build());
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> ProxyProcess.accepts("127.0.0.2", admin));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !ProxyProcess.accepts("127.0.0.1", admin));
        assertThat(proxy.output()).contains("Admin server moved from 127.0.0.1:" + admin);

        // The default, 0.0.0.0, is every IPv4 interface: both addresses reach it.
        proxy.replaceConfig(base);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> ProxyProcess.accepts("127.0.0.1", admin));
        assertThat(ProxyProcess.accepts("127.0.0.2", admin)).isTrue();
        try (RawHttp client = RawHttp.connect(proxy.port())) {
          assertThat(client.get("/").status()).isEqualTo(200);
        }
      }
    }
  }
}
