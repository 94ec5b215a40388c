package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --admin-port}: a real proxy process whose config file asks for another admin port, then is
 * reloaded with yet another one. The admin server stays where the flag says, as a pod's probes
 * need: the flag is what the operator puts in the pod template.
 */
class AdminPortFlagIT {

  @Test
  void aReloadThatChangesMetricsPortLeavesTheAdminServerOnTheFlagsPort() {
    int flagPort = FreePorts.next();
    LoadBalancerConfig first = ProxyProcess.configFor(List.of("http://127.0.0.1:9"));
    int fileFirst = first.metrics().port();
    int fileLater = FreePorts.next();
    AdminClient admin = new AdminClient(flagPort);
    try (ProxyProcess proxy =
        ProxyProcess.builder()
            .config(first)
            .args("--admin-port", String.valueOf(flagPort))
            .readyWhen(p -> admin.readyz() == 200)
            .start()) {
      assertThat(ProxyProcess.accepts(fileFirst)).as("the file's metrics.port").isFalse();
      assertThat(proxy.output())
          .contains("0.0.0.0:" + fileFirst + " (metrics.address:metrics.port) is overridden")
          .contains("it stays on 0.0.0.0:" + flagPort);
      assertThat(admin.status().get("revision").asLong()).isEqualTo(1);

      // A new backend too: a config whose only change is an overridden metrics.port is, once
      // overridden, the one in force, and makes no new revision.
      proxy.replaceConfig(
          first.toBuilder()
              .backends(List.of(Backend.of("http://127.0.0.1:10")))
              .metrics(new Metrics(true, fileLater))
              .build());

      await("the reload")
          .atMost(Duration.ofSeconds(20))
          .until(() -> admin.status().get("revision").asLong() == 2);
      assertThat(admin.readyz()).as("readiness on the flag's port after the reload").isEqualTo(200);
      assertThat(admin.get("/healthz").status()).isEqualTo(200);
      assertThat(ProxyProcess.accepts(fileLater)).as("the reloaded metrics.port").isFalse();
      assertThat(proxy.output())
          .contains("0.0.0.0:" + fileLater + " (metrics.address:metrics.port)");
    }
  }
}
