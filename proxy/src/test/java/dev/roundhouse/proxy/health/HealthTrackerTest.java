package dev.roundhouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final HealthCheck SETTINGS =
      new HealthCheck(true, Duration.ofSeconds(1), Duration.ofMillis(500), "/health", 2, 3, 5);

  private final BackendState backend = new BackendState(Backend.of("http://b1:9001"), T0);
  private final HealthTracker tracker =
      new HealthTracker(backend, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));

  private static ProbeResult pass() {
    return new ProbeResult(true, "HTTP 200", T0, Duration.ofMillis(3));
  }

  private static ProbeResult fail(String detail) {
    return new ProbeResult(false, detail, T0, Duration.ofMillis(3));
  }

  @Test
  void startsHealthyAndGoesDownOnlyAtTheUnhealthyThreshold() {
    assertThat(backend.available()).isTrue();
    tracker.checked(fail("connection refused"), SETTINGS);
    tracker.checked(fail("connection refused"), SETTINGS);
    assertThat(backend.available()).isTrue();

    tracker.checked(fail("HTTP 500"), SETTINGS);

    assertThat(backend.available()).isFalse();
    assertThat(backend.health().reason()).isEqualTo("3 failed checks in a row, last: HTTP 500");
    assertThat(backend.health().since()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aPassBetweenFailuresRestartsTheCount() {
    tracker.checked(fail("HTTP 500"), SETTINGS);
    tracker.checked(fail("HTTP 500"), SETTINGS);
    tracker.checked(pass(), SETTINGS);
    tracker.checked(fail("HTTP 500"), SETTINGS);
    tracker.checked(fail("HTTP 500"), SETTINGS);

    assertThat(backend.available()).isTrue();
  }

  @Test
  void comesBackOnlyAtTheHealthyThreshold() {
    for (int i = 0; i < 3; i++) {
      tracker.checked(fail("connection refused"), SETTINGS);
    }
    tracker.checked(pass(), SETTINGS);
    assertThat(backend.available()).isFalse();
    tracker.checked(fail("HTTP 503"), SETTINGS);
    tracker.checked(pass(), SETTINGS);
    assertThat(backend.available()).isFalse();

    tracker.checked(pass(), SETTINGS);

    assertThat(backend.available()).isTrue();
    assertThat(backend.health().reason()).isEqualTo("2 passed checks in a row (HTTP 200)");
  }

  @Test
  void stayingInAStateDoesNotTouchItsReasonOrTime() {
    for (int i = 0; i < 3; i++) {
      tracker.checked(fail("connection refused"), SETTINGS);
    }
    var down = backend.health();
    tracker.checked(fail("timed out after 500ms"), SETTINGS);

    assertThat(backend.health()).isSameAs(down);
  }

  @Test
  void remembersTheLatestCheck() {
    assertThat(tracker.lastCheck()).isEmpty();
    tracker.checked(fail("HTTP 500"), SETTINGS);
    tracker.checked(pass(), SETTINGS);

    assertThat(tracker.lastCheck()).contains(pass());
  }

  @Test
  void passiveThresholdEjectsAtOnce() {
    for (int i = 0; i < 4; i++) {
      assertThat(tracker.requestFailed(FailureKind.CONNECT_FAILED, 5)).isFalse();
    }
    assertThat(backend.available()).isTrue();

    assertThat(tracker.requestFailed(FailureKind.BACKEND_RESET, 5)).isTrue();

    assertThat(backend.available()).isFalse();
    assertThat(backend.health().reason()).isEqualTo("5 failed requests in a row, last: reset");
    assertThat(tracker.ejectedPassively()).isTrue();
  }

  @Test
  void aResponseEndsTheFailureStreak() {
    for (int i = 0; i < 4; i++) {
      tracker.requestFailed(FailureKind.RESPONSE_TIMEOUT, 5);
    }
    tracker.requestSucceeded();
    for (int i = 0; i < 4; i++) {
      tracker.requestFailed(FailureKind.RESPONSE_TIMEOUT, 5);
    }

    assertThat(backend.available()).isTrue();
  }

  @Test
  void failuresThatAreNotTheBackendsFaultDoNotCount() {
    for (int i = 0; i < 10; i++) {
      tracker.requestFailed(FailureKind.BAD_REQUEST, 1);
      tracker.requestFailed(FailureKind.NO_HEALTHY_BACKEND, 1);
    }

    assertThat(backend.available()).isTrue();
  }

  @Test
  void thresholdZeroTurnsPassiveEjectionOff() {
    for (int i = 0; i < 100; i++) {
      assertThat(tracker.requestFailed(FailureKind.CONNECT_FAILED, 0)).isFalse();
    }

    assertThat(backend.available()).isTrue();
  }

  @Test
  void onePassedCheckEndsAPassiveEjection() {
    tracker.requestFailed(FailureKind.CONNECT_FAILED, 1);
    assertThat(backend.available()).isFalse();

    tracker.checked(pass(), SETTINGS);

    assertThat(backend.available()).isTrue();
    assertThat(backend.health().reason())
        .isEqualTo("a health check passed after passive ejection (HTTP 200)");
  }

  @Test
  void aFailedCheckAfterPassiveEjectionNeedsTheHealthyThresholdToComeBack() {
    tracker.requestFailed(FailureKind.CONNECT_FAILED, 1);
    tracker.checked(fail("connection refused"), SETTINGS);
    assertThat(tracker.ejectedPassively()).isFalse();

    tracker.checked(pass(), SETTINGS);
    assertThat(backend.available()).isFalse();
    tracker.checked(pass(), SETTINGS);

    assertThat(backend.available()).isTrue();
  }

  @Test
  void aDownBackendIsNotEjectedAgain() {
    for (int i = 0; i < 3; i++) {
      tracker.checked(fail("connection refused"), SETTINGS);
    }

    assertThat(tracker.requestFailed(FailureKind.CONNECT_FAILED, 1)).isFalse();
    assertThat(tracker.ejectedPassively()).isFalse();
  }

  @Test
  void jitterOnlyShortensTheIntervalByAtMostTenPercentOrOneSecond() {
    for (int i = 0; i < 1000; i++) {
      assertThat(CheckLoop.delay(Duration.ofSeconds(2)))
          .isBetween(Duration.ofMillis(1800), Duration.ofSeconds(2));
      assertThat(CheckLoop.delay(Duration.ofSeconds(60)))
          .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
    }
  }
}
