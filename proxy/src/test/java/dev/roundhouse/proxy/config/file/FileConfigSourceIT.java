package dev.roundhouse.proxy.config.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.proxy.config.SourceReading;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source against real files in a temporary directory, one test per way of writing. */
class FileConfigSourceIT {

  private static final String V1 =
      "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9001\"]\n";
  private static final String V2 =
      "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9002\"]\n";
  private static final String V3 =
      "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9003\"]\n";

  @TempDir Path dir;
  private final List<SourceReading> delivered = new CopyOnWriteArrayList<>();
  private FileConfigSource source;

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  private void watch(Path file) {
    watch(file, Duration.ofMillis(200));
  }

  private void watch(Path file, Duration quietPeriod) {
    source = new FileConfigSource(file, quietPeriod, Duration.ofSeconds(1));
    source.start(delivered::add);
  }

  private void awaitLatest(String yaml) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(texts()).last().isEqualTo(yaml));
  }

  private List<String> texts() {
    return delivered.stream()
        .map(r -> r instanceof SourceReading.Text t ? t.yaml() : "unusable: " + r)
        .toList();
  }

  @Test
  void theCurrentContentIsDeliveredAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("config.yaml"), V1);

    watch(file);

    assertThat(texts()).containsExactly(V1);
    assertThat(delivered.get(0).origin()).isEqualTo("file " + file);
    assertThat(source.read()).isEqualTo(delivered.get(0));
  }

  @Test
  void anAtomicRenameOverTheFileIsSeen() throws IOException {
    Path file = Files.writeString(dir.resolve("config.yaml"), V1);
    watch(file);

    Path temp = Files.writeString(dir.resolve(".config.yaml.tmp"), V2);
    Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);

    awaitLatest(V2);
    assertThat(texts()).containsExactly(V1, V2);
  }

  @Test
  void anInPlaceRewriteIsReadOnlyWhenItIsComplete() throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), V1);
    watch(file, Duration.ofMillis(500));
    String part1 = "frontends: [{port: 8080}]\nbackends:\n  - \"http://127.0.0.1:9002\"\n";
    String whole = part1 + "  - \"http://127.0.0.1:9003\"\n";

    // Truncate, then write in two pieces: the first alone is a valid config with one backend
    // fewer, exactly what a watcher must never apply.
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(part1.getBytes(UTF_8)));
      channel.force(true);
      Thread.sleep(50); // a writer pausing half-way: nothing to await, the pause is the test
      channel.write(ByteBuffer.wrap(whole.substring(part1.length()).getBytes(UTF_8)));
    }

    awaitLatest(whole);
    assertThat(texts()).containsExactly(V1, whole);
  }

  @Test
  void kubernetesSymlinkSwapsAreSeenAgainAndAgain() throws IOException {
    // The layout kubelet gives a mounted ConfigMap.
    Files.createDirectory(dir.resolve("..2026_11_24_10_00_00.1"));
    Files.writeString(dir.resolve("..2026_11_24_10_00_00.1/config.yaml"), V1);
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_11_24_10_00_00.1"));
    Path file = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("..data/config.yaml"));
    watch(file);

    swapData("..2026_11_24_10_00_00.1", "..2026_11_24_10_05_00.2", V2);
    awaitLatest(V2);
    swapData("..2026_11_24_10_05_00.2", "..2026_11_24_10_10_00.3", V3);
    awaitLatest(V3);

    assertThat(texts()).containsExactly(V1, V2, V3);
  }

  /** What kubelet's atomic writer does: new directory, new link, rename over ..data, delete old. */
  private void swapData(String oldDir, String newDir, String content) throws IOException {
    Files.createDirectory(dir.resolve(newDir));
    Files.writeString(dir.resolve(newDir).resolve("config.yaml"), content);
    Path temp = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of(newDir));
    Files.move(temp, dir.resolve("..data"), ATOMIC_MOVE);
    deleteTree(dir.resolve(oldDir));
  }

  @Test
  void aSwappedDirectorySymlinkHigherUpIsSeen() throws IOException {
    Files.createDirectories(dir.resolve("v1"));
    Files.writeString(dir.resolve("v1/config.yaml"), V1);
    Files.createSymbolicLink(dir.resolve("current"), Path.of("v1"));
    watch(dir.resolve("current/config.yaml"));

    Files.createDirectories(dir.resolve("v2"));
    Files.writeString(dir.resolve("v2/config.yaml"), V2);
    Path temp = Files.createSymbolicLink(dir.resolve("current.tmp"), Path.of("v2"));
    Files.move(temp, dir.resolve("current"), ATOMIC_MOVE);

    awaitLatest(V2);
  }

  @Test
  void anEditOfTheFileASymlinkPointsToInAnotherDirectoryIsSeen() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path real = Files.writeString(elsewhere.resolve("real.yaml"), V1);
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path file = Files.createSymbolicLink(conf.resolve("config.yaml"), real);
    watch(file);

    Files.writeString(real, V2);

    awaitLatest(V2);
  }

  @Test
  void touchingTheFileRewritingTheSameContentOrChangingOtherFilesIsNoReload() throws IOException {
    Path file = Files.writeString(dir.resolve("config.yaml"), V1);
    watch(file);

    Files.writeString(file, V1);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
    Files.writeString(dir.resolve("other.yaml"), "unrelated");
    Files.writeString(file, V2); // the marker: once it is seen, anything before it was too

    awaitLatest(V2);
    assertThat(texts()).containsExactly(V1, V2);
  }

  @Test
  void aDeletedFileIsReportedAndItsReturnIsSeen() throws IOException {
    Path file = Files.writeString(dir.resolve("config.yaml"), V1);
    watch(file);

    Files.delete(file);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(texts())
                    .last()
                    .asString()
                    .contains("cannot read the config file " + file + ": it does not exist"));
    Files.writeString(file, V2);

    awaitLatest(V2);
  }

  @Test
  void readingWithoutAWatchReportsProblemsPlainly() throws IOException {
    Path missing = dir.resolve("nope.yaml");
    assertThat(new FileConfigSource(missing).read())
        .isEqualTo(
            new SourceReading.Unusable(
                "file " + missing,
                "cannot read the config file " + missing + ": it does not exist"));
    assertThat(new FileConfigSource(dir).read()).isInstanceOf(SourceReading.Unusable.class);
    Path big = Files.write(dir.resolve("big.yaml"), new byte[(int) ConfigCodec.MAX_BYTES + 1]);
    assertThat(((SourceReading.Unusable) new FileConfigSource(big).read()).reason())
        .contains("a config is at most 1048576");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
