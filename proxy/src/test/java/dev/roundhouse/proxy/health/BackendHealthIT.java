package dev.roundhouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Active health checks in a real proxy process, against real backend processes that stop, come back
 * and report themselves unhealthy, while clients keep sending requests.
 */
class BackendHealthIT {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  // Generous: on a busy shared machine a healthy backend can take a few hundred ms to answer.
  private static final Duration TIMEOUT = Duration.ofMillis(900);
  private static final int UNHEALTHY = 2;
  private static final int HEALTHY = 2;

  private BackendProcess one;
  private BackendProcess two;
  private BackendProcess three;
  private ProxyProcess proxy;
  private AdminClient admin;
  private LoadGenerator load;

  @BeforeEach
  void start() {
    one = BackendProcess.start(1);
    two = BackendProcess.start(2);
    three = BackendProcess.start(3);
    int port = FreePorts.next();
    int adminPort = FreePorts.next();
    admin = new AdminClient(adminPort);
    proxy =
        ProxyProcess.builder()
            .config(
                new LoadBalancerConfig(
                    List.of(Frontend.onPort(port)),
                    List.of(Backend.of(one.url()), Backend.of(two.url()), Backend.of(three.url())),
                    null,
                    // Passive ejection off: this is about what the active checks see.
                    new HealthCheck(null, INTERVAL, TIMEOUT, "/health", HEALTHY, UNHEALTHY, 0),
                    null,
                    null,
                    new Logging(null, LogFormat.TEXT, false),
                    new Metrics(null, adminPort)))
            .readyWhen(p -> admin.readyz() == 200)
            .start();
    load = LoadGenerator.start(port, 2, "/", Duration.ofMinutes(2));
    await().until(() -> load.everyConnectionServedBy(Set.of("1", "2", "3"), 0));
  }

  @AfterEach
  void stop() {
    if (load != null) {
      load.stop();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {proxy, one, two, three}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private String health(BackendProcess backend) {
    return admin.backend(backend.url()).path("health").asText();
  }

  private double up(BackendProcess backend) {
    return admin.metrics().value("roundhouse_backend_up", "backend", backend.url());
  }

  @Test
  void aStoppedBackendIsMarkedDownInTimeAndBackAfterHealthyThresholdChecks() {
    Instant stopping = Instant.now();
    // On a busy machine a check may time out before the test starts: count only what follows.
    int logBefore = proxy.output().length();
    two.stop();

    await().atMost(Duration.ofSeconds(10)).until(() -> health(two).equals("down"));
    JsonNode down = admin.backend(two.url());
    // Marked down by the checks after the stop, and after exactly unhealthyThreshold of them.
    assertThat(Instant.parse(down.get("since").asText())).isAfter(stopping);
    assertThat(down.get("reason").asText())
        .isEqualTo("2 failed checks in a row, last: connection refused");
    assertThat(down.get("available").asBoolean()).isFalse();
    assertThat(down.get("lastCheck").get("result").asText()).isEqualTo("failure");
    assertThat(up(two)).isZero();
    assertThat(up(one)).isEqualTo(1);
    assertThat(proxy.output().substring(logBefore))
        .containsOnlyOnce("Backend " + two.url() + " is DOWN");

    long restarted = System.nanoTime();
    two.restart();
    await().atMost(Duration.ofSeconds(10)).until(() -> health(two).equals("up"));
    assertThat(admin.backend(two.url()).get("reason").asText())
        .startsWith("2 passed checks in a row (HTTP 200)");
    assertThat(up(two)).isEqualTo(1);
    await().until(() -> load.everyConnectionServedBy(Set.of("2"), restarted));

    load.stop();
    assertThat(load.failures()).as("errors seen by clients").isEmpty();
    assertThat(load.results(r -> r.kind() != LoadGenerator.Kind.RESPONSE)).isEmpty();
  }

  @Test
  void aBackendWhoseHealthEndpointFailsIsTakenOutAlthoughItStillAnswers() throws Exception {
    one.setHealthy(false);

    await().atMost(Duration.ofSeconds(10)).until(() -> health(one).equals("down"));
    assertThat(admin.backend(one.url()).get("reason").asText())
        .isEqualTo("2 failed checks in a row, last: HTTP 503");
    long downSeen = System.nanoTime();
    try (RawHttp direct = RawHttp.connect(one.port())) {
      assertThat(direct.get("/").status()).as("its / still answers").isEqualTo(200);
    }
    await().until(() -> load.everyConnectionServedBy(Set.of("2", "3"), downSeen));
    assertThat(load.results(r -> r.sentNanos() > downSeen && "1".equals(r.backend())))
        .as("requests sent to the backend while it is down")
        .isEmpty();

    long healthyAgain = System.nanoTime();
    one.setHealthy(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> health(one).equals("up"));
    await().until(() -> load.everyConnectionServedBy(Set.of("1"), healthyAgain));

    load.stop();
    assertThat(load.failures()).isEmpty();
  }
}
