package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.MockApiServer;
import dev.roundhouse.proxy.testing.ProxyProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --configmap}: a real proxy process watches its ConfigMap on the fabric8 mock API server
 * (CRUD mode, in this JVM), the only stand-in; its backends are real processes.
 */
class ConfigMapModeIT {

  private MockApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void startApiServer() {
    server = MockApiServer.start();
    client = server.client();
  }

  @AfterEach
  void stopApiServer() {
    server.close();
  }

  private static String yaml(int port, BackendProcess backend, int adminPort) {
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
        .formatted(port, backend.url(), adminPort);
  }

  private ConfigMap configMap(String yaml, int revision) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("test")
        .addToAnnotations("roundhouse.dev/revision", String.valueOf(revision))
        .endMetadata()
        .addToData("config.yaml", yaml)
        .build();
  }

  /** The proxy as a pod runs it: its only config is the ConfigMap, reached through the API. */
  private ProxyProcess startProxy(AdminClient admin) {
    return server.proxy().args("--configmap", "web").readyWhen(p -> admin.readyz() == 200).start();
  }

  @Test
  void servesTheConfigMapFollowsItsUpdatesAndKeepsTheLastConfigWhenItIsDeleted() throws Exception {
    try (BackendProcess one = BackendProcess.start(1);
        BackendProcess two = BackendProcess.start(2)) {
      int port = FreePorts.next();
      int adminPort = FreePorts.next();
      AdminClient admin = new AdminClient(adminPort);
      client
          .configMaps()
          .inNamespace("test")
          .resource(configMap(yaml(port, one, adminPort), 1))
          .create();

      try (ProxyProcess proxy = startProxy(admin);
          LoadGenerator load = LoadGenerator.start(port, 2, "/", Duration.ofMinutes(1))) {
        await().until(() -> load.everyConnectionServedBy(Set.of("1"), 0));
        assertThat(admin.status().get("revision").asLong()).isEqualTo(1);
        assertThat(admin.status().get("config").get("source").asText())
            .isEqualTo("configmap test/web");

        long updated = System.nanoTime();
        client
            .configMaps()
            .inNamespace("test")
            .resource(configMap(yaml(port, two, adminPort), 2))
            .update();
        await("traffic on the ConfigMap's new backend")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> load.everyConnectionServedBy(Set.of("2"), updated));
        // The revision shows once the reload is complete, a moment after the new table serves.
        await("the revision annotation in /status")
            .atMost(Duration.ofSeconds(5))
            .until(() -> admin.status().get("revision").asLong() == 2);

        client.configMaps().inNamespace("test").withName("web").delete();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    proxy
                        .output()
                        .contains(
                            "configmap test/web was deleted; the proxy keeps serving its current"
                                + " config"));
        long deleted = System.nanoTime();
        await().until(() -> load.everyConnectionServedBy(Set.of("2"), deleted));
        try (RawHttp fresh = RawHttp.connect(port)) {
          assertThat(fresh.get("/").header("X-Backend-Id")).isEqualTo("2");
        }
        assertThat(admin.status().get("revision").asLong()).isEqualTo(2);
        // No admin token configured: the state-changing endpoints are off.
        assertThat(admin.post("/admin/reload", null).status()).isEqualTo(403);

        load.stop();
        assertThat(load.failures()).isEmpty();
      }
    }
  }
}
