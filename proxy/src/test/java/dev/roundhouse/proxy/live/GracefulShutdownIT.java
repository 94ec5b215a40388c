package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.roundhouse.proxy.testing.BackendStats;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM and SIGINT on a real proxy process under load: what it had accepted is answered in full,
 * new connections are refused once the listeners close, and it exits 0 once every connection
 * finished, before the drain timeout.
 */
class GracefulShutdownIT {

  private static BackendProcess one;
  private static BackendProcess two;

  @BeforeAll
  static void startBackends() {
    one = BackendProcess.start(1);
    two = BackendProcess.start(2);
  }

  @AfterAll
  static void stopBackends() {
    if (one != null) {
      one.close();
    }
    if (two != null) {
      two.close();
    }
  }

  private static ProxyProcess start(int port, int adminPort, String... args) {
    LoadBalancerConfig config =
        new LoadBalancerConfig(
            List.of(Frontend.onPort(port)),
            List.of(Backend.of(one.url()), Backend.of(two.url())),
            null,
            null,
            null,
            null,
            new Logging(null, LogFormat.TEXT, false),
            new Metrics(null, adminPort));
    AdminClient admin = new AdminClient(adminPort);
    return ProxyProcess.builder()
        .config(config)
        .args(args)
        .readyWhen(p -> admin.readyz() == 200)
        .start();
  }

  private static long served() {
    return one.requestCount() + two.requestCount();
  }

  @Test
  void sigtermUnderLoadAnswersEveryAcceptedRequestAndExitsZero() throws Exception {
    int port = FreePorts.next();
    long servedBefore = served();
    try (ProxyProcess proxy = start(port, FreePorts.next(), "--drain-timeout", "10s");
        RawHttp slow = RawHttp.connect(port)) {
      LoadGenerator load = LoadGenerator.start(port, 8, "/?delay=200ms", Duration.ofMinutes(1));
      await().until(() -> load.everyConnectionServedBy(Set.of("1", "2"), 0));
      slow.send(RawHttp.getRequest("/slow?delay=2500ms"));
      await().until(() -> BackendStats.inFlight(one) + BackendStats.inFlight(two) >= 9);

      proxy.signal("TERM");

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> proxy.output().contains("new connections are refused"));
      assertThat(proxy.isAlive()).as("still draining the slow request").isTrue();
      assertThat(ProxyProcess.accepts(port))
          .as("a connection after the listeners closed")
          .isFalse();

      RawHttp.Response last = slow.read(false);
      assertThat(last.status()).isEqualTo(200);
      assertThat(last.truncated()).isFalse();
      assertThat(last.text()).contains("\"path\":\"/slow?delay=2500ms\"");
      assertThat(last.header("Connection")).isEqualTo("close");

      assertThat(proxy.awaitExit(Duration.ofSeconds(30))).isZero();
      await().until(load::finished);

      assertThat(load.failures()).as("broken or failed responses").isEmpty();
      assertThat(load.results(r -> r.kind() == LoadGenerator.Kind.REFUSED)).isNotEmpty();
      // Everything a backend answered reached the client in full: nothing taken was dropped.
      assertThat(served() - servedBefore).isEqualTo(load.ok() + 1);
      assertThat(proxy.output())
          .contains("SIGTERM received: shutting down gracefully")
          .contains("shutdown: every client connection finished")
          .contains("proxy stopped");
    }
  }

  @Test
  void readyzTurns503AtOnceAndTheListenersCloseAfterTheShutdownDelay() throws Exception {
    int port = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);
    // The delay only has to outlast the few requests below, however slow the machine.
    try (ProxyProcess proxy = start(port, adminPort, "--shutdown-delay", "5s")) {
      proxy.signal("INT");

      await().until(() -> admin.readyz() == 503);
      assertThat(admin.get("/readyz").body()).isEqualTo("shutting down\n");
      try (RawHttp client = RawHttp.connect(port)) {
        assertThat(client.get("/").status())
            .as("still served during the shutdown delay")
            .isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !ProxyProcess.accepts(port));
      assertThat(proxy.awaitExit(Duration.ofSeconds(10))).isZero();
      assertThat(proxy.output()).contains("SIGINT received").contains("close in 5s");
    }
  }

  @Test
  void aSecondSignalExitsAtOnce() throws Exception {
    int port = FreePorts.next();
    try (ProxyProcess proxy = start(port, FreePorts.next());
        RawHttp slow = RawHttp.connect(port)) {
      slow.send(RawHttp.getRequest("/?delay=30s"));
      await().until(() -> BackendStats.inFlight(one) + BackendStats.inFlight(two) == 1);
      proxy.signal("TERM");
      await().until(() -> proxy.output().contains("new connections are refused"));

      proxy.signal("TERM");

      assertThat(proxy.awaitExit(Duration.ofSeconds(5))).isEqualTo(143);
      assertThat(proxy.output()).contains("SIGTERM received again: exiting at once");
    }
  }
}
