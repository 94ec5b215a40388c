package dev.roundhouse.proxy.config;

import static dev.roundhouse.proxy.config.Configs.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.proxy.config.ReloadOutcome.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watch events: they run on the reload thread, one at a time, and bursts collapse. */
class ConfigReloaderWatchTest {

  private final TestSource source = new TestSource(yaml(8080, 9001));
  private final List<ReloadOutcome> heard = new CopyOnWriteArrayList<>();
  private ConfigReloader reloader;

  @AfterEach
  void close() {
    reloader.close();
  }

  private ConfigReloader start(ConfigApplier applier) {
    reloader =
        new ConfigReloader(
            source,
            applier,
            heard::add,
            new ConfigRevisionHistory(10),
            UnaryOperator.identity(),
            Clock.systemUTC());
    reloader.reloadNow();
    reloader.startWatching();
    return reloader;
  }

  @Test
  void aChangeSeenByTheWatchIsApplied() {
    RecordingApplier applier = new RecordingApplier();
    start(applier);

    source.push(SourceReading.Text.of("test source", yaml(8080, 9002)));

    await().atMost(Duration.ofSeconds(5)).until(() -> applier.numbers().equals(List.of(1L, 2L)));
  }

  @Test
  void theSameReadingTwiceFromTheWatchIsIgnoredButAnExplicitReloadAnswers() {
    RecordingApplier applier = new RecordingApplier();
    start(applier);
    SourceReading bad = SourceReading.Text.of("test source", "backends: []\n");

    source.push(bad);
    await().atMost(Duration.ofSeconds(5)).until(() -> rejections() == 1);
    source.push(bad);
    source.push(SourceReading.Text.of("test source", yaml(8080, 9003)));
    await().atMost(Duration.ofSeconds(5)).until(() -> applier.numbers().contains(2L));

    assertThat(rejections()).isEqualTo(1);
    // The reading start() delivered equals the one read at startup: ignored as well.
    assertThat(heard).extracting(ReloadOutcome::result).doesNotContain(Result.UNCHANGED);
    assertThat(reloader.reloadNow().result()).isEqualTo(Result.UNCHANGED);
  }

  private long rejections() {
    return heard.stream().filter(o -> o.result() == Result.REJECTED).count();
  }

  @Test
  void aBurstOfChangesDuringAReloadCollapsesIntoOneReloadOfTheNewest() throws Exception {
    CountDownLatch applying = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> applied = new CopyOnWriteArrayList<>();
    start(
        revision -> {
          applied.add(revision.number());
          if (revision.config().backends().get(0).port() == 9002) {
            applying.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return "applied";
        });

    source.push(SourceReading.Text.of("test source", yaml(8080, 9002)));
    assertThat(applying.await(5, TimeUnit.SECONDS)).isTrue();
    for (int backend = 9003; backend <= 9009; backend++) {
      source.push(SourceReading.Text.of("test source", yaml(8080, backend)));
    }
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 3);
    assertThat(reloader.status().active().orElseThrow().config().backends().get(0).port())
        .isEqualTo(9009);
    assertThat(applied).containsExactly(1L, 2L, 3L);
  }
}
