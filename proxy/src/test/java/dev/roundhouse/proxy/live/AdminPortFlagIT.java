package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --admin-port}: a real proxy process whose config file asks for another admin port, then is
 * reloaded with yet another one. The admin server stays where the flag says, as a pod's probes
 * need: the flag is what the operator puts in the pod template.
 */
class AdminPortFlagIT {

  private static String yaml(int port, int adminPort, String backend) {
    return """
        frontends:
          - port: %d
        backends:
          - "%s"
        logging:
          format: text
          accessLog: false
        metrics:
          port: %d
        """
        .formatted(port, backend, adminPort);
  }

  @Test
  void aReloadThatChangesMetricsPortLeavesTheAdminServerOnTheFlagsPort() {
    int port = FreePorts.next();
    int flagPort = FreePorts.next();
    int fileFirst = FreePorts.next();
    int fileLater = FreePorts.next();
    AdminClient admin = new AdminClient(flagPort);
    try (ProxyProcess proxy =
        ProxyProcess.builder()
            .configYaml(yaml(port, fileFirst, "http://127.0.0.1:9"))
            .args("--admin-port", String.valueOf(flagPort))
            .readyWhen(p -> admin.readyz() == 200)
            .start()) {
      assertThat(ProxyProcess.accepts(fileFirst)).as("the file's metrics.port").isFalse();
      assertThat(proxy.output())
          .contains("0.0.0.0:" + fileFirst + " (metrics.address:metrics.port) is overridden")
          .contains("it stays on 0.0.0.0:" + flagPort);
      assertThat(admin.status().get("revision").asLong()).isEqualTo(1);

      proxy.replaceConfig(yaml(port, fileLater, "http://127.0.0.1:10"));

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
