package dev.roundhouse.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, addressed from its root (the tests run in {@code packaging/}). */
final class Repo {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Repo() {}

  /** The absolute path of {@code relative}, a path from the repository root. */
  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  /** The text of {@code relative}, a path from the repository root. */
  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
