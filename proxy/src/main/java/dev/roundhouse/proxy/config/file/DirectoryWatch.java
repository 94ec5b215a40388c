package dev.roundhouse.proxy.config.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WatchService} over the directories of {@link WatchedPaths}, answering one question: did
 * anything happen that may have changed the config file? Used by one thread.
 */
final class DirectoryWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);

  private final WatchService service;
  private Set<WatchKey> keys = new HashSet<>();
  private Set<String> names = Set.of();

  DirectoryWatch() throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
  }

  /**
   * Watches the directories of {@code paths} and stops watching those it no longer needs.
   *
   * @return how many directories are watched
   */
  int follow(WatchedPaths paths) {
    Set<WatchKey> now = new HashSet<>();
    for (Path directory : paths.directories()) {
      try {
        // Registering a directory again returns its existing key.
        now.add(directory.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
      } catch (NoSuchFileException gone) {
        log.debug("not watching {}: it does not exist", directory);
      } catch (IOException e) {
        log.warn("cannot watch directory {} for config changes: {}", directory, e.toString());
      }
    }
    for (WatchKey old : keys) {
      if (!now.contains(old)) {
        old.cancel();
      }
    }
    keys = now;
    names = paths.names();
    return keys.size();
  }

  /**
   * Waits for events, at most {@code timeout} (forever when null).
   *
   * @return whether an event that may concern the config arrived
   * @throws java.nio.file.ClosedWatchServiceException once closed
   */
  boolean await(Duration timeout) throws InterruptedException {
    WatchKey key =
        timeout == null
            ? service.take()
            : service.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    if (key == null) {
      return false;
    }
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      // OVERFLOW means events were lost: assume the worst and look.
      relevant |= event.kind() == OVERFLOW || names.contains(event.context().toString());
    }
    if (!key.reset()) {
      keys.remove(key);
      relevant = true; // a watched directory went away: resolve the chain again
    }
    return relevant;
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("closing the config file watch", e);
    }
  }
}
