package dev.roundhouse.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An image's runtime stage laid out under a local directory, without Docker: every COPY of the
 * Dockerfile is done (from the build stage: the files Maven made under {@code target/}; from the
 * context: the repository's files), and the image's ENTRYPOINT and HEALTHCHECK become commands that
 * run them. So a test runs exactly the command line the container would, JVM flags included.
 */
final class ContainerLayout {

  private final Images image;
  private final Dockerfile dockerfile;
  private final Path root;

  private ContainerLayout(Images image, Path root) {
    this.image = image;
    this.dockerfile = image.parse();
    this.root = root;
  }

  /** Lays out {@code image} under {@code root} (a fresh directory). */
  static ContainerLayout of(Images image, Path root) {
    ContainerLayout layout = new ContainerLayout(image, root);
    layout.copyAll();
    return layout;
  }

  /** The container's command line for {@code args} (as after the image name in docker run). */
  List<String> command(List<String> args) {
    List<String> entrypoint = Dockerfile.execForm(dockerfile.runtime().last("ENTRYPOINT"));
    List<String> command = new ArrayList<>();
    for (String part : entrypoint) {
      command.add(inRoot(part));
    }
    command.addAll(args);
    return command;
  }

  /** The container's command with its default arguments (the image's CMD). */
  List<String> defaultCommand() {
    return command(Dockerfile.execForm(dockerfile.runtime().last("CMD")));
  }

  /** The HEALTHCHECK's command. */
  List<String> healthCheck() {
    return dockerfile.healthCheckCommand().stream().map(this::inRoot).toList();
  }

  /**
   * A process builder for {@code command} with the image's environment (ENV), its paths in the
   * image (such as {@code -Djava.library.path=/app/native}) moved into this layout.
   */
  ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_OPTS_APPEND");
    dockerfile.env().forEach((name, value) -> builder.environment().put(name, inRoot(value)));
    builder.environment().put("PATH", javaHome().resolve("bin") + ":" + System.getenv("PATH"));
    return builder;
  }

  /** Where {@code containerPath} (absolute in the image) is in this layout. */
  Path path(String containerPath) {
    return root.resolve(containerPath.substring(1));
  }

  private String inRoot(String text) {
    return text.replace("/app/", root.resolve("app") + "/")
        .replace("/usr/local/bin/", root.resolve("usr/local/bin") + "/");
  }

  private void copyAll() {
    for (Dockerfile.Copy copy : Dockerfile.copies(dockerfile.runtime())) {
      for (String source : copy.sources()) {
        Path from =
            "build".equals(copy.fromStage())
                ? Repo.path(source.substring("/src/".length()))
                : Repo.path(source);
        if (!Files.exists(from)) {
          throw new IllegalStateException(
              from + " does not exist: package " + image.module + " first (mvn package)");
        }
        copy(from, path(copy.destination()), copy.destination().endsWith("/"));
      }
    }
  }

  private static void copy(Path from, Path to, boolean intoDirectory) {
    try {
      if (Files.isDirectory(from)) {
        try (Stream<Path> files = Files.walk(from)) {
          for (Path file : files.toList()) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(target);
            } else {
              Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
          }
        }
      } else {
        Path target = intoDirectory ? to.resolve(from.getFileName().toString()) : to;
        Files.createDirectories(target.getParent());
        Files.copy(from, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }
}
