package dev.roundhouse.proxy.config;

import static dev.roundhouse.proxy.config.Configs.yaml;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.proxy.config.ReloadOutcome.Result;
import dev.roundhouse.proxy.config.file.FileConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched file feeding the reloader, as the proxy runs it: edits become revisions, a bad edit is
 * rejected while the old config stays, and a rollback holds until the file really changes.
 */
class FileReloadIT {

  @TempDir Path dir;
  private final RecordingApplier applier = new RecordingApplier();
  private final List<ReloadOutcome> heard = new CopyOnWriteArrayList<>();
  private ConfigReloader reloader;
  private Path file;

  @AfterEach
  void close() {
    reloader.close();
  }

  private void start(String yaml) throws IOException {
    file = Files.writeString(dir.resolve("config.yaml"), yaml);
    reloader =
        new ConfigReloader(
            new FileConfigSource(file),
            applier,
            heard::add,
            new ConfigRevisionHistory(10),
            UnaryOperator.identity(),
            Clock.systemUTC());
    assertThat(reloader.reloadNow().result()).isEqualTo(Result.ACCEPTED);
    reloader.startWatching();
  }

  private void write(String yaml) throws IOException {
    Path temp = Files.writeString(dir.resolve(".config.yaml.swp"), yaml);
    Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
  }

  private void awaitActive(long revision) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(reloader.status().active().orElseThrow().number()).isEqualTo(revision));
  }

  @Test
  void editsBecomeRevisionsAndABadEditIsRejectedWhileTheOldConfigStays() throws IOException {
    start(yaml(8080, 9001));

    write(yaml(8080, 9002));
    awaitActive(2);
    write("frontends: [{port: 8080}]\nbackends: [\"htp://127.0.0.1:9003\"]\n");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> reloader.status().lastRejection().isPresent());

    assertThat(reloader.status().active().orElseThrow().number()).isEqualTo(2);
    assertThat(reloader.status().lastRejection().orElseThrow().problems().get(0).path())
        .isEqualTo("backends[0]");
    assertThat(heard)
        .extracting(ReloadOutcome::result)
        .containsExactly(Result.ACCEPTED, Result.ACCEPTED, Result.REJECTED);
  }

  @Test
  void aRollbackHoldsUntilTheFileReallyChanges() throws Exception {
    start(yaml(8080, 9001));
    write(yaml(8080, 9002));
    awaitActive(2);

    reloader.rollbackTo(1);
    // The same content written again (an editor saving without a change), then a re-read: the
    // rollback holds.
    write("# saved again\n" + yaml(8080, 9002));
    assertThat(reloader.reloadNow().result()).isEqualTo(Result.UNCHANGED);
    assertThat(reloader.status().active().orElseThrow().number()).isEqualTo(1);

    write(yaml(8080, 9003));
    awaitActive(3);
    assertThat(reloader.status().rolledBack()).isFalse();
    assertThat(applier.numbers()).containsExactly(1L, 2L, 1L, 3L);
  }
}
