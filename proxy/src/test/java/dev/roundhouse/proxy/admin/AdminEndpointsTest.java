package dev.roundhouse.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.health.HealthChecker;
import dev.roundhouse.proxy.health.HealthListener;
import dev.roundhouse.proxy.health.ProbeResult;
import dev.roundhouse.proxy.metrics.ProxyMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standard endpoints' answers, called through the route table. */
class AdminEndpointsTest {

  private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

  private final BackendState b1 = new BackendState(Backend.of("http://b1:9001"), T0);
  private final BackendState b2 = new BackendState(new Backend("http://b2:9002", 3), T0);
  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final HealthChecker checker =
      new HealthChecker(
          group,
          (backend, path, timeout) ->
              CompletableFuture.completedFuture(
                  new ProbeResult(
                      false, "connection refused", T0.plusSeconds(9), Duration.ofMillis(2))),
          HealthListener.NONE,
          Clock.systemUTC());
  private final ProxyMetrics metrics = new ProxyMetrics(ByteBufAllocator.DEFAULT);
  private final AtomicReference<Readiness.State> ready =
      new AtomicReference<>(Readiness.State.READY);
  private final AtomicBoolean metricsEnabled = new AtomicBoolean(true);
  private final AdminRoutes routes =
      AdminEndpoints.install(
          new AdminRoutes(ForkJoinPool.commonPool()),
          ready::get,
          new StatusSource() {
            @Override
            public long revision() {
              return 7;
            }

            @Override
            public List<Frontend> frontends() {
              return List.of(Frontend.onPort(8080), new Frontend(8081, "api"));
            }

            @Override
            public List<BackendState> backends() {
              return List.of(b1, b2);
            }
          },
          checker,
          metrics,
          metricsEnabled::get);

  @AfterEach
  void close() {
    checker.close();
    metrics.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private AdminResponse get(String path) {
    return routes
        .dispatch(
            new AdminRequest(
                HttpMethod.GET, path, Map.of(), new DefaultHttpHeaders(), new byte[0], "test"))
        .toCompletableFuture()
        .join();
  }

  private static String text(AdminResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void healthzSaysTheProcessIsAlive() {
    assertThat(get("/healthz").status()).isEqualTo(200);
    assertThat(text(get("/healthz"))).isEqualTo("ok\n");
  }

  @Test
  void readyzFollowsTheReadiness() {
    assertThat(get("/readyz").status()).isEqualTo(200);

    ready.set(Readiness.State.notReady("shutting down"));

    assertThat(get("/readyz").status()).isEqualTo(503);
    assertThat(text(get("/readyz"))).isEqualTo("shutting down\n");
  }

  @Test
  void metricsAreServedOnlyWhileEnabled() {
    AdminResponse on = get("/metrics");
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text(on)).contains("roundhouse_config_revision");

    metricsEnabled.set(false);

    assertThat(get("/metrics").status()).isEqualTo(404);
    assertThat(text(get("/metrics"))).contains("metrics.enabled: false");
    assertThat(get("/healthz").status()).isEqualTo(200);
    assertThat(get("/status").status()).isEqualTo(200);
  }

  @Test
  void statusReportsRevisionFrontendsAndEveryBackend() throws Exception {
    metrics.update(List.of(Frontend.onPort(8080), new Frontend(8081, "api")), List.of(b1, b2));
    metrics.observer().connectionOpened("api");
    checker.update(
        new HealthCheck(true, Duration.ofHours(1), Duration.ofSeconds(1), "/health", 2, 1, 5),
        List.of(b1));
    org.awaitility.Awaitility.await().until(() -> !b1.available());
    b2.requestStarted();
    b2.requestStarted();
    b2.requestFinished();

    AdminResponse response = get("/status");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonNode status = new ObjectMapper().readTree(response.body());
    assertThat(status.get("revision").asLong()).isEqualTo(7);
    assertThat(status.get("ready").asBoolean()).isTrue();
    assertThat(status.get("frontends").get(1).get("name").asText()).isEqualTo("api");
    assertThat(status.get("frontends").get(1).get("port").asInt()).isEqualTo(8081);
    assertThat(status.get("frontends").get(1).get("connections").asInt()).isEqualTo(1);

    JsonNode down = status.get("backends").get(0);
    assertThat(down.get("address").asText()).isEqualTo("http://b1:9001");
    assertThat(down.get("health").asText()).isEqualTo("down");
    assertThat(down.get("available").asBoolean()).isFalse();
    assertThat(down.get("reason").asText())
        .isEqualTo("1 failed check in a row, last: connection refused");
    assertThat(down.get("lastCheck").get("result").asText()).isEqualTo("failure");
    assertThat(down.get("lastCheck").get("detail").asText()).isEqualTo("connection refused");
    assertThat(down.get("lastCheck").get("at").asText()).isEqualTo("2025-01-01T10:00:09Z");
    assertThat(down.get("lastCheck").get("durationMs").asDouble()).isEqualTo(2.0);

    JsonNode up = status.get("backends").get(1);
    assertThat(up.get("health").asText()).isEqualTo("up");
    assertThat(up.get("weight").asInt()).isEqualTo(3);
    assertThat(up.get("since").asText()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(up.get("inFlight").asInt()).isEqualTo(1);
    assertThat(up.get("requests").asLong()).isEqualTo(2);
    assertThat(up.get("lastCheck").isNull()).isTrue();

    JsonNode totals = status.get("totals");
    assertThat(totals.get("backends").asInt()).isEqualTo(2);
    assertThat(totals.get("backendsUp").asInt()).isEqualTo(1);
    assertThat(totals.get("inFlight").asInt()).isEqualTo(1);
    assertThat(totals.get("requests").asLong()).isEqualTo(2);
    assertThat(totals.get("connections").asInt()).isEqualTo(1);
  }

  @Test
  void statusSaysWhyItIsNotReady() throws Exception {
    ready.set(Readiness.State.notReady("shutting down"));

    JsonNode status = new ObjectMapper().readTree(get("/status").body());

    assertThat(status.get("ready").asBoolean()).isFalse();
    assertThat(status.get("readiness").asText()).isEqualTo("shutting down");
  }
}
