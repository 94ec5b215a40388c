package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local rollback over the admin port of a real proxy process, guarded by the admin token, and how
 * it holds against a SIGHUP and gives way to a real change of the file.
 */
class RollbackIT {

  private static final String TOKEN = "s3cret-admin-token";

  @TempDir Path dir;

  private static LoadBalancerConfig config(int port, int adminPort, BackendProcess backend) {
    return new LoadBalancerConfig(
        List.of(Frontend.onPort(port)),
        List.of(Backend.of(backend.url())),
        null,
        null,
        null,
        null,
        new Logging(null, LogFormat.TEXT, false),
        new Metrics(null, adminPort));
  }

  private static String servedBy(int port) throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      return client.get("/").header("X-Backend-Id");
    }
  }

  private static long revision(AdminClient admin) {
    return admin.status().get("revision").asLong();
  }

  @Test
  void rollbackToAGivenRevisionNeedsTheTokenAndHoldsUntilTheFileReallyChanges() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    try (BackendProcess one = BackendProcess.start(1);
        BackendProcess two = BackendProcess.start(2);
        BackendProcess three = BackendProcess.start(3)) {
      int port = FreePorts.next();
      int adminPort = FreePorts.next();
      AdminClient admin = new AdminClient(adminPort);
      try (ProxyProcess proxy =
          ProxyProcess.builder()
              .config(config(port, adminPort, one))
              .args("--admin-token-file", tokenFile.toString(), "--revision-history", "5")
              .readyWhen(p -> admin.readyz() == 200)
              .start()) {
        proxy.replaceConfig(config(port, adminPort, two));
        await().atMost(Duration.ofSeconds(10)).until(() -> revision(admin) == 2);
        proxy.replaceConfig(config(port, adminPort, three));
        await().atMost(Duration.ofSeconds(10)).until(() -> revision(admin) == 3);
        assertThat(servedBy(port)).isEqualTo("3");

        AdminClient.Answer refused = admin.post("/admin/rollback?revision=1", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(admin.post("/admin/rollback?revision=1", "wrong-token").status()).isEqualTo(401);
        assertThat(revision(admin)).isEqualTo(3);
        assertThat(servedBy(port)).isEqualTo("3");
        assertThat(proxy.output()).contains("wrong admin token");

        AdminClient.Answer rolledBack = admin.post("/admin/rollback?revision=1", TOKEN);
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().get("result").asText()).isEqualTo("rolled_back");
        assertThat(rolledBack.json().get("revision").asLong()).isEqualTo(1);
        assertThat(servedBy(port)).isEqualTo("1");
        JsonNode status = admin.status();
        assertThat(status.get("revision").asLong()).isEqualTo(1);
        assertThat(status.get("config").get("rolledBack").asBoolean()).isTrue();
        JsonNode revisions = admin.get("/admin/revisions").json();
        assertThat(revisions.get("active").asLong()).isEqualTo(1);
        assertThat(revisions.get("revisions").findValuesAsText("revision"))
            .containsExactly("1", "2", "3");
        assertThat(admin.metrics().value("roundhouse_config_revision")).isEqualTo(1);

        // A real SIGHUP re-reads the file, which still holds revision 3's config: the rollback
        // holds.
        proxy.signal("HUP");
        await()
            .until(
                () ->
                    proxy
                        .output()
                        .contains(
                            "revision 1 stays in force (rolled back): file "
                                + proxy.configFile()
                                + " still holds the config the rollback replaced"));
        assertThat(proxy.output()).contains("SIGHUP received: re-reading the config");
        assertThat(servedBy(port)).isEqualTo("1");

        // A real change of the file ends the rollback.
        proxy.replaceConfig(config(port, adminPort, two));
        await().atMost(Duration.ofSeconds(10)).until(() -> revision(admin) == 4);
        assertThat(servedBy(port)).isEqualTo("2");
        assertThat(admin.status().get("config").get("rolledBack").asBoolean()).isFalse();
        AdminClient.Answer reload = admin.post("/admin/reload", TOKEN);
        assertThat(reload.json().get("result").asText()).isEqualTo("unchanged");
      }
    }
  }
}
