package dev.roundhouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checker's scheduling and run-time updates, with a scripted probe on a real event loop. */
class HealthCheckerTest {

  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final ScriptedProbe probe = new ScriptedProbe();
  private final HealthChecker checker =
      new HealthChecker(group, probe, HealthListener.NONE, Clock.systemUTC());
  private final BackendState b1 = state("http://b1:9001");
  private final BackendState b2 = state("http://b2:9002");

  @AfterEach
  void stop() {
    checker.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static BackendState state(String url) {
    return new BackendState(Backend.of(url), Instant.now());
  }

  private static HealthCheck every(Duration interval) {
    return new HealthCheck(true, interval, Duration.ofMillis(10), "/health", 2, 3, 2);
  }

  @Test
  void checksEveryBackendAtOnceAndThenEveryInterval() {
    checker.update(every(Duration.ofHours(1)), List.of(b1, b2));

    await().untilAsserted(() -> assertThat(probe.checks(b1.address())).isEqualTo(1));
    await().untilAsserted(() -> assertThat(probe.checks(b2.address())).isEqualTo(1));
    assertThat(probe.lastPath(b1.address())).isEqualTo("/health");
    assertThat(checker.lastCheck(b1.address()))
        .hasValueSatisfying(r -> assertThat(r.ok()).isTrue());
  }

  @Test
  void aFailingBackendGoesDownAndComesBack() {
    probe.setHealthy(b1.address(), false);
    checker.update(every(Duration.ofMillis(20)), List.of(b1, b2));

    await().untilAsserted(() -> assertThat(b1.available()).isFalse());
    assertThat(b2.available()).isTrue();
    assertThat(b1.health().reason()).isEqualTo("3 failed checks in a row, last: HTTP 500");

    probe.setHealthy(b1.address(), true);
    await().untilAsserted(() -> assertThat(b1.available()).isTrue());
  }

  @Test
  void anAddedBackendIsCheckedAndARemovedOneIsNotAnyMore() {
    checker.update(every(Duration.ofMillis(20)), List.of(b1));
    await().untilAsserted(() -> assertThat(probe.checks(b1.address())).isGreaterThan(2));

    checker.update(every(Duration.ofMillis(20)), List.of(b2));

    await().untilAsserted(() -> assertThat(probe.checks(b2.address())).isGreaterThan(2));
    int frozen = probe.checks(b1.address());
    await()
        .pollDelay(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(probe.checks(b1.address())).isLessThanOrEqualTo(frozen + 1));
    assertThat(checker.lastCheck(b1.address())).isEmpty();
  }

  @Test
  void aShorterIntervalAppliesWithoutWaitingForTheOldOne() {
    checker.update(every(Duration.ofHours(1)), List.of(b1));
    await().untilAsserted(() -> assertThat(probe.checks(b1.address())).isEqualTo(1));

    checker.update(every(Duration.ofMillis(20)), List.of(b1));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(probe.checks(b1.address())).isGreaterThan(5));
  }

  @Test
  void aChangedPathAppliesToTheNextCheck() {
    checker.update(every(Duration.ofMillis(20)), List.of(b1));
    checker.update(
        new HealthCheck(true, Duration.ofMillis(20), Duration.ofMillis(10), "/ready", 2, 3, 2),
        List.of(b1));

    await().untilAsserted(() -> assertThat(probe.lastPath(b1.address())).isEqualTo("/ready"));
  }

  @Test
  void turningActiveChecksOffStopsThemAndPutsDownBackendsBack() {
    probe.setHealthy(b1.address(), false);
    checker.update(every(Duration.ofMillis(20)), List.of(b1));
    await().untilAsserted(() -> assertThat(b1.available()).isFalse());

    checker.update(
        new HealthCheck(false, Duration.ofMillis(20), Duration.ofMillis(10), "/health", 2, 3, 2),
        List.of(b1));

    assertThat(b1.available()).isTrue();
    assertThat(b1.health().reason()).isEqualTo("active health checks were turned off");
    int frozen = probe.checks(b1.address());
    await()
        .pollDelay(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(probe.checks(b1.address())).isLessThanOrEqualTo(frozen + 1));
  }

  @Test
  void passiveEjectionEndsWithThePassingActiveCheck() {
    checker.update(every(Duration.ofMillis(300)), List.of(b1));
    await().until(() -> checker.lastCheck(b1.address()).isPresent());

    checker.passiveObserver().backendFailed(b1, FailureKind.CONNECT_FAILED);
    checker.passiveObserver().backendFailed(b1, FailureKind.CONNECT_FAILED);

    assertThat(b1.available()).isFalse();
    await().untilAsserted(() -> assertThat(b1.available()).isTrue());
    assertThat(b1.health().reason()).startsWith("a health check passed after passive ejection");
  }

  @Test
  void withActiveChecksOffPassiveEjectionEndsAfterOneInterval() {
    checker.update(
        new HealthCheck(false, Duration.ofMillis(200), Duration.ofMillis(10), "/health", 2, 3, 1),
        List.of(b1));

    checker.passiveObserver().backendFailed(b1, FailureKind.RESPONSE_TIMEOUT);

    assertThat(b1.available()).isFalse();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(b1.available()).isTrue());
    assertThat(b1.health().reason())
        .isEqualTo("passive ejection ended after 200ms (active checks are off)");
    assertThat(probe.checks(b1.address())).isZero();
  }

  @Test
  void passiveHealthIgnoresBackendsItDoesNotKnow() {
    checker.update(every(Duration.ofHours(1)), List.of(b1));

    checker.passiveObserver().backendFailed(b2, FailureKind.CONNECT_FAILED);
    checker.passiveObserver().backendFailed(b2, FailureKind.CONNECT_FAILED);

    assertThat(b2.available()).isTrue();
  }

  @Test
  void aReplacedStateForTheSameAddressIsTrackedInstead() {
    checker.update(every(Duration.ofHours(1)), List.of(b1));
    BackendState again = state(b1.address());

    checker.update(every(Duration.ofHours(1)), List.of(again));
    await().until(() -> checker.lastCheck(again.address()).isPresent());
    checker.passiveObserver().backendFailed(b1, FailureKind.CONNECT_FAILED);
    checker.passiveObserver().backendFailed(b1, FailureKind.CONNECT_FAILED);
    checker.passiveObserver().backendFailed(again, FailureKind.CONNECT_FAILED);
    checker.passiveObserver().backendFailed(again, FailureKind.CONNECT_FAILED);

    assertThat(b1.available()).isTrue();
    assertThat(again.available()).isFalse();
  }
}
