package dev.roundhouse.proxy.config.file;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.InvalidConfigException;
import dev.roundhouse.proxy.config.ConfigSource;
import dev.roundhouse.proxy.config.SourceReading;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --config FILE}: reads the file, and watches it for changes of any kind.
 *
 * <p>Watching happens on the directories around the file ({@link WatchedPaths}, through a {@link
 * FilesWatch}), never the file alone, so renames over it and symlink swaps count. Events are
 * debounced: the file is read once no event has come for a quiet period (default 200 ms), or at the
 * latest after a maximum delay (default 1 s) under a stream of events, so that an in-place rewrite
 * (truncate, then write) is read when it is done, not half-way. A reading equal to the last one
 * delivered is not delivered again: touching the file, or rewriting the same content, is no reload.
 */
public final class FileConfigSource implements ConfigSource {

  private static final Logger log = LoggerFactory.getLogger(FileConfigSource.class);

  private final Path path;
  private final String origin;
  private final Duration quietPeriod;
  private final Duration maxDelay;
  private @Nullable FilesWatch watch;
  private @Nullable SourceReading lastDelivered; // the watch thread's, after start()

  /** Watches {@code path} with the default quiet period (200 ms) and maximum delay (1 s). */
  public FileConfigSource(Path path) {
    this(path, Duration.ofMillis(200), Duration.ofSeconds(1));
  }

  /**
   * Watches {@code path}.
   *
   * @param quietPeriod how long no event must come before the file is read
   * @param maxDelay the longest a change waits for quiet before it is read anyway
   */
  public FileConfigSource(Path path, Duration quietPeriod, Duration maxDelay) {
    // Absolute but not resolved: the symlinks on the way are what is watched.
    this.path = requireNonNull(path, "path").toAbsolutePath();
    this.origin = "file " + path;
    this.quietPeriod = requireNonNull(quietPeriod, "quietPeriod");
    this.maxDelay = requireNonNull(maxDelay, "maxDelay");
  }

  @Override
  public String describe() {
    return origin;
  }

  @Override
  public SourceReading read() {
    try {
      return SourceReading.Text.of(origin, ConfigCodec.readText(path));
    } catch (InvalidConfigException e) {
      return unusable(e.violations().get(0).message());
    } catch (NoSuchFileException e) {
      return unusable("it does not exist");
    } catch (AccessDeniedException e) {
      return unusable("permission denied");
    } catch (CharacterCodingException e) {
      return unusable("it is not UTF-8 text");
    } catch (IOException e) {
      return unusable(e.toString());
    }
  }

  private SourceReading unusable(String why) {
    return new SourceReading.Unusable(origin, "cannot read the config file " + path + ": " + why);
  }

  @Override
  public synchronized void start(Consumer<SourceReading> listener) {
    requireNonNull(listener, "listener");
    if (watch != null) {
      throw new IllegalStateException("already started");
    }
    deliverIfChanged(listener);
    watch =
        new FilesWatch(
            "config-file-watch",
            "it is re-read only on SIGHUP or POST /admin/reload",
            quietPeriod,
            maxDelay,
            () -> {
              deliverIfChanged(listener);
              return null;
            });
    watch.watch(List.of(path));
  }

  private void deliverIfChanged(Consumer<SourceReading> listener) {
    SourceReading reading = read();
    if (reading.equals(lastDelivered)) {
      log.debug("{} changed on disk but its content did not", path);
      return;
    }
    lastDelivered = reading;
    try {
      listener.accept(reading);
    } catch (RuntimeException e) {
      log.error("the config listener failed on a change of {}", path, e);
    }
  }

  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
