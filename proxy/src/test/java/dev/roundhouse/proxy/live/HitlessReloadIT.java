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
import dev.roundhouse.proxy.metrics.Scrape;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reloads under continuous load, with a real proxy process and real backend processes: configs that
 * swap the whole backend set and a frontend port, and a bad config, while eight keep-alive
 * connections send requests back to back on the port both configs share.
 */
class HitlessReloadIT {

  private static final int CONNECTIONS = 8;
  private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);
  private static BackendProcess one;
  private static BackendProcess two;
  private static BackendProcess three;
  private static BackendProcess four;

  @BeforeAll
  static void startBackends() {
    one = BackendProcess.start(1);
    two = BackendProcess.start(2);
    three = BackendProcess.start(3);
    four = BackendProcess.start(4);
  }

  @AfterAll
  static void stopBackends() {
    for (BackendProcess backend : new BackendProcess[] {one, two, three, four}) {
      if (backend != null) {
        backend.close();
      }
    }
  }

  /** A config on these ports and backends; the access log off, so the output stays small. */
  private static LoadBalancerConfig config(int admin, List<Integer> ports, BackendProcess... to) {
    return new LoadBalancerConfig(
        ports.stream().map(Frontend::onPort).toList(),
        List.of(to).stream().map(b -> Backend.of(b.url())).toList(),
        null,
        null,
        null,
        null,
        new Logging(null, LogFormat.TEXT, false),
        new Metrics(null, admin));
  }

  private static ProxyProcess start(LoadBalancerConfig config) {
    AdminClient admin = new AdminClient(config.metrics().port());
    return ProxyProcess.builder().config(config).readyWhen(p -> admin.readyz() == 200).start();
  }

  @Test
  void fiftyReloadsSwappingBackendsAndPortsFailNoRequestOnTheSharedPort() {
    int shared = FreePorts.next();
    int onlyA = FreePorts.next();
    int onlyB = FreePorts.next();
    int adminPort = FreePorts.next();
    LoadBalancerConfig a = config(adminPort, List.of(shared, onlyA), one, two);
    LoadBalancerConfig b = config(adminPort, List.of(shared, onlyB), three, four);
    AdminClient admin = new AdminClient(adminPort);

    try (ProxyProcess proxy = start(a);
        LoadGenerator load = LoadGenerator.start(shared, CONNECTIONS, "/?delay=2ms", LOAD_LIMIT)) {
      await().until(() -> load.everyConnectionServedBy(Set.of("1", "2"), 0));

      for (int reload = 1; reload <= 50; reload++) {
        boolean toB = reload % 2 == 1;
        long written = System.nanoTime();
        proxy.replaceConfig(toB ? b : a);

        Set<String> newSet = toB ? Set.of("3", "4") : Set.of("1", "2");
        int reloadNumber = reload;
        await("responses from backends " + newSet + " after reload " + reloadNumber)
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> load.everyConnectionServedBy(newSet, written));
        int added = toB ? onlyB : onlyA;
        int removed = toB ? onlyA : onlyB;
        await("port " + added + " listens and port " + removed + " does not")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> ProxyProcess.accepts(added) && !ProxyProcess.accepts(removed));
      }
      load.stop();

      assertThat(load.failures()).as("failed requests on the shared port").isEmpty();
      assertThat(load.results(r -> r.kind() != LoadGenerator.Kind.RESPONSE))
          .as("connections on the shared port closed or refused")
          .isEmpty();
      assertThat(load.ok()).isGreaterThan(500);
      // Each reload's config is a real change: revisions 2 to 51, counted as accepted reloads.
      assertThat(admin.status().get("revision").asLong()).isEqualTo(51);
      Scrape metrics = admin.metrics();
      assertThat(metrics.value("roundhouse_config_reloads_total", "result", "accepted"))
          .isEqualTo(50);
      assertThat(metrics.value("roundhouse_config_revision")).isEqualTo(51);
      // The 50th reload went back to config a: only its backends are in /status.
      assertThat(admin.status().get("backends").findValuesAsText("url"))
          .containsExactly(one.url(), two.url());
    }
  }

  @Test
  void aConfigWhosePortIsTakenIsRejectedWholeAndNothingOfItApplies() throws Exception {
    int port = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);
    try (ProxyProcess proxy = start(config(adminPort, List.of(port), one));
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      int free = FreePorts.next();
      proxy.replaceConfig(
          config(adminPort, List.of(port, free, taken.getLocalPort()), three, four));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> admin.status().get("config").hasNonNull("lastRejection"));
      assertThat(
              admin
                  .status()
                  .get("config")
                  .get("lastRejection")
                  .get("problems")
                  .get(0)
                  .get("message")
                  .asText())
          .contains("cannot listen on port " + taken.getLocalPort());
      assertThat(ProxyProcess.accepts(free)).as("the port bound before the failure").isFalse();
      assertThat(admin.status().get("revision").asLong()).isEqualTo(1);
      assertThat(admin.status().get("backends").findValuesAsText("url")).containsExactly(one.url());
      try (RawHttp client = RawHttp.connect(port)) {
        assertThat(client.get("/").header("X-Backend-Id")).isEqualTo("1");
      }

      // The admin server cannot move to a taken port: the new frontend port is let go again.
      proxy.replaceConfig(config(taken.getLocalPort(), List.of(port, free), three));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  admin.metrics().value("roundhouse_config_reloads_total", "result", "rejected")
                      == 2);
      assertThat(admin.status().get("config").get("lastRejection").toString())
          .contains("cannot listen on admin port 0.0.0.0:" + taken.getLocalPort());
      assertThat(ProxyProcess.accepts(free)).isFalse();
      assertThat(admin.readyz()).as("the admin server stays on its port").isEqualTo(200);
      assertThat(admin.status().get("revision").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aBadConfigWrittenUnderLoadIsRejectedAndTheOldOneServesOn() {
    int port = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);

    try (ProxyProcess proxy = start(config(adminPort, List.of(port), one, two));
        LoadGenerator load = LoadGenerator.start(port, CONNECTIONS, "/?delay=2ms", LOAD_LIMIT)) {
      await().until(() -> load.everyConnectionServedBy(Set.of("1", "2"), 0));

      proxy.replaceConfig(
          "frontends:\n  - port: "
              + port
              + "\nbackends:\n  - \""
              + three.url()
              + "\"\n  - \"htp://typo:9004\"\nretries: -1\nmetrics:\n  port: "
              + adminPort
              + "\n");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> admin.status().get("config").hasNonNull("lastRejection"));
      long afterRejection = System.nanoTime();
      await().until(() -> load.everyConnectionServedBy(Set.of("1", "2"), afterRejection));
      load.stop();

      assertThat(load.failures()).isEmpty();
      assertThat(load.results(r -> r.kind() != LoadGenerator.Kind.RESPONSE)).isEmpty();
      assertThat(load.results(r -> r.ok() && !Set.of("1", "2").contains(r.backend())))
          .as("responses from a backend of the rejected config")
          .isEmpty();

      JsonNode status = admin.status();
      assertThat(status.get("revision").asLong()).isEqualTo(1);
      JsonNode rejection = status.get("config").get("lastRejection");
      assertThat(rejection.get("source").asText()).isEqualTo("file " + proxy.configFile());
      assertThat(rejection.get("problems").findValuesAsText("path"))
          .containsExactlyInAnyOrder("backends[1]", "retries");
      assertThat(admin.metrics().value("roundhouse_config_reloads_total", "result", "rejected"))
          .isEqualTo(1);
      assertThat(proxy.output())
          .contains("rejected the config from file " + proxy.configFile())
          .contains("still serving revision 1")
          .contains("backends[1]: \"htp://typo:9004\" is not an http(s) URL");
    }
  }
}
