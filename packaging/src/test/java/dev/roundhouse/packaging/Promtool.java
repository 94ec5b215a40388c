package dev.roundhouse.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker, promtool (Debian package "prometheus"): parses PromQL and rule files
 * exactly as Prometheus does and runs rule unit tests. Tests that need it are skipped, saying so,
 * where it is not installed.
 */
final class Promtool {

  /** Why a test is skipped without promtool. */
  static final String MISSING =
      "promtool is not installed (apt-get install prometheus): PromQL and alert rules not checked";

  /** The result of one run: exit code and combined output. */
  record Result(int exitCode, String output) {}

  private Promtool() {}

  /** Whether promtool can be run here. */
  static boolean available() {
    try {
      return run(Path.of("."), "--version").exitCode() == 0;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Runs promtool with {@code args} in {@code dir}. */
  static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("promtool");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("promtool did not finish: " + command);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run promtool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
