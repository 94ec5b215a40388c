package dev.roundhouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.pool.OffLoopResolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The active checker against real HTTP servers on 127.0.0.1. */
class HealthCheckerIT {

  private static final Duration INTERVAL = Duration.ofMillis(400);
  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final int HEALTHY = 2;
  private static final int UNHEALTHY = 3;
  private static final HealthCheck SETTINGS =
      new HealthCheck(true, INTERVAL, TIMEOUT, "/health", HEALTHY, UNHEALTHY, 5);

  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final List<String> results = new CopyOnWriteArrayList<>();
  private final HealthChecker checker =
      new HealthChecker(
          group,
          new HttpProbe(
              group,
              new Bootstrap()
                  .channel(NioSocketChannel.class)
                  .resolver(new OffLoopResolver(GlobalEventExecutor.INSTANCE)),
              HttpProbe.jdkTrustStore(),
              Clock.systemUTC()),
          (backend, result) -> results.add(backend.address() + " " + result.detail()),
          Clock.systemUTC());
  private final TestBackend one = TestBackend.http();
  private final TestBackend two = TestBackend.http();
  private final BackendState stateOne = new BackendState(Backend.of(one.url()), Instant.now());
  private final BackendState stateTwo = new BackendState(Backend.of(two.url()), Instant.now());

  @AfterEach
  void stopAll() {
    checker.close();
    one.close();
    two.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aStoppedBackendIsDownWithinTheBoundAndBackAfterHealthyThresholdChecks() {
    checker.update(SETTINGS, List.of(stateOne, stateTwo));
    await().untilAsserted(() -> assertThat(one.healthChecks()).isGreaterThanOrEqualTo(2));

    Instant stopped = Instant.now();
    one.stop();

    await().until(() -> !stateOne.available());
    // Marked down by the checks after the stop, and after exactly unhealthyThreshold of them.
    assertThat(stateOne.health().since()).isAfter(stopped);
    assertThat(stateOne.health().reason())
        .isEqualTo("3 failed checks in a row, last: connection refused");
    assertThat(stateTwo.available()).isTrue();

    results.clear();
    one.start();

    await().atMost(Duration.ofSeconds(10)).until(stateOne::available);
    assertThat(stateOne.health().reason()).isEqualTo("2 passed checks in a row (HTTP 200)");
    assertThat(results.stream().filter(r -> r.startsWith(one.url()) && r.endsWith("HTTP 200")))
        .hasSize(HEALTHY);
  }

  @Test
  void aHealthEndpointAnswering500TakesTheBackendDownThoughItServesTraffic() throws Exception {
    checker.update(SETTINGS, List.of(stateOne, stateTwo));

    one.healthStatus(500);

    await().atMost(Duration.ofSeconds(10)).until(() -> !stateOne.available());
    assertThat(stateOne.health().reason()).isEqualTo("3 failed checks in a row, last: HTTP 500");
    HttpResponse<String> root =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(one.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(200);

    one.healthStatus(200);

    await().atMost(Duration.ofSeconds(10)).until(stateOne::available);
    assertThat(stateTwo.available()).isTrue();
  }

  @Test
  void aReloadAddsAndRemovesCheckedBackends() {
    checker.update(SETTINGS, List.of(stateOne));
    await().untilAsserted(() -> assertThat(one.healthChecks()).isGreaterThanOrEqualTo(1));
    assertThat(two.healthChecks()).isZero();

    checker.update(SETTINGS, List.of(stateTwo));

    await().untilAsserted(() -> assertThat(two.healthChecks()).isGreaterThanOrEqualTo(2));
    int frozen = one.healthChecks();
    await()
        .pollDelay(INTERVAL.multipliedBy(2))
        .untilAsserted(() -> assertThat(one.healthChecks()).isLessThanOrEqualTo(frozen + 1));
  }
}
