package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.operator.runtime.AdminServer;
import dev.roundhouse.operator.runtime.OperatorSettings;
import dev.roundhouse.operator.runtime.RoundhouseOperator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator while the API server is away, as during a control-plane upgrade: it stays alive for
 * its liveness probe, says it is not ready, and stops within its pod's grace period.
 */
class WithoutApiServerIT {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private MockCluster cluster;

  @BeforeEach
  void start() throws IOException {
    cluster = MockCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void livenessHoldsWhileNoInformerWatchesAndReadinessDoesNot() throws Exception {
    RoundhouseOperator operator = cluster.startOperator();
    try (AdminServer admin =
        new AdminServer(
            0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), operator::runtimeInfo)) {
      admin.start();
      eventually(() -> assertThat(get(admin, "/readyz")).isEqualTo("200 ready\n"));

      cluster.stopApiServer();

      eventually(
          () -> assertThat(get(admin, "/readyz")).startsWith("503 ").contains("loadbalancer"));
      assertThat(get(admin, "/healthz")).isEqualTo("200 ok\n");
    }
  }

  /**
   * The chart gives the pod 30 s (terminationGracePeriodSeconds) before it is killed. With the API
   * server unreachable, releasing the lease retried for about 19 s (up to 30 s in all, after
   * running reconciliations): now it makes one attempt of at most {@link
   * RoundhouseOperator#LEASE_RELEASE_TIMEOUT}. With no reconciliation running the stop takes about
   * that long; 12 s leaves a busy machine ample room and still fails the retrying release.
   */
  @Test
  void aLeaderStopsWellInsideTheGracePeriodWhenTheApiServerIsGone() {
    RoundhouseOperator leader =
        cluster.startOperator(
            new OperatorSettings(
                Set.of(),
                "ghcr.io/roundhouse-dev/proxy:test",
                true,
                MockCluster.NAMESPACE,
                "replica-a",
                OperatorSettings.LeaseTiming.DEFAULT,
                false),
            new SimpleMeterRegistry());
    eventually(() -> assertThat(leader.isLeader()).isTrue());

    cluster.stopApiServer();
    long started = System.nanoTime();
    leader.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(12));
    assertThat(leader.isLeader()).isFalse();
    assertThat(cluster.exits()).isEmpty();
  }

  private String get(AdminServer admin, String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      throw new AssertionError("GET " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
