package dev.roundhouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.OutlierDetection;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.testing.LogLines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutlierDetectorTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final OutlierDetector detector = new OutlierDetector(scheduler, Clock.systemUTC());

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static List<BackendState> backends(int n) {
    List<BackendState> states = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      states.add(new BackendState(Backend.of("http://10.0.0." + i + ":80"), Instant.EPOCH));
    }
    return states;
  }

  private static OutlierDetection settings(
      Integer consecutive, Integer percent, Duration base, Integer maxPercent) {
    return new OutlierDetection(
        consecutive, percent, 10, Duration.ofMinutes(1), base, null, maxPercent, null);
  }

  @Test
  void consecutiveFailuresEjectForTheEjectionTimeThenTheBackendReturns() {
    List<BackendState> b = backends(3);
    detector.update(settings(3, null, Duration.ofMillis(300), null), b);

    detector.backendAnswered(b.get(0), 500);
    detector.backendFailed(b.get(0), FailureKind.BACKEND_RESET);
    detector.backendAnswered(b.get(0), 404); // not a failure: the streak ends
    detector.backendAnswered(b.get(0), 502);
    detector.backendAnswered(b.get(0), 503);
    assertThat(b.get(0).available()).isTrue();
    detector.backendFailed(b.get(0), FailureKind.CONNECT_FAILED);

    assertThat(b.get(0).available()).isFalse();
    assertThat(b.get(0).ejected()).isTrue();
    assertThat(b.get(0).health().up()).as("health checks are another matter").isTrue();
    assertThat(b.get(0).ejections()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get(0).available());
  }

  @Test
  void theEjectionsLogLineNamesTheLastOutcome() {
    Logger logger = (Logger) LoggerFactory.getLogger(OutlierDetector.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      List<BackendState> b = backends(3);
      detector.update(settings(2, null, Duration.ofMinutes(1), null), b);

      detector.backendAnswered(b.get(0), 500);
      detector.backendAnswered(b.get(0), 503);
      detector.backendAnswered(b.get(1), 502);
      detector.backendFailed(b.get(1), FailureKind.CONNECT_FAILED);

      assertThat(LogLines.of(lines))
          .anySatisfy(line -> assertThat(line).contains("10.0.0.1").contains("last: 503 response"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("10.0.0.2")
                      .contains("last: " + FailureKind.CONNECT_FAILED.label()));
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void aFailureRateOverTheWindowEjects() {
    List<BackendState> b = backends(2);
    detector.update(settings(0, 50, Duration.ofMinutes(1), null), b);
    for (int i = 0; i < 9; i++) {
      detector.backendAnswered(b.get(1), i % 2 == 0 ? 500 : 200);
    }
    assertThat(b.get(1).ejected()).as("fewer than minimumRequests").isFalse();
    detector.backendAnswered(b.get(1), 500);
    assertThat(b.get(1).ejected()).isTrue();
  }

  @Test
  void neverMoreThanMaxEjectionPercentRoundedDown() {
    List<BackendState> b = backends(3);
    detector.update(settings(1, null, Duration.ofMinutes(1), 50), b);
    b.forEach(s -> detector.backendAnswered(s, 500));
    assertThat(b).filteredOn(BackendState::ejected).hasSize(1);

    List<BackendState> one = backends(1);
    detector.update(settings(1, null, Duration.ofMinutes(1), 50), one);
    detector.backendAnswered(one.get(0), 500);
    assertThat(one.get(0).ejected()).as("half of one backend is none").isFalse();
  }

  @Test
  void eachEjectionInARowLastsLongerAndTurningItOffEndsThem() {
    List<BackendState> b = backends(2);
    detector.update(settings(1, null, Duration.ofMillis(200), null), b);
    // Each clock starts before the ejection, so a busy machine can only make the wait look longer.
    long first = System.nanoTime();
    detector.backendAnswered(b.get(0), 500);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get(0).available());
    long firstLength = System.nanoTime() - first;
    long second = System.nanoTime();
    detector.backendAnswered(b.get(0), 500);
    assertThat(b.get(0).ejections()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get(0).available());
    assertThat(System.nanoTime() - second).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(firstLength).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());

    detector.backendAnswered(b.get(0), 500);
    assertThat(b.get(0).ejected()).isTrue();
    detector.update(null, b);
    assertThat(b.get(0).available()).isTrue();
  }
}
