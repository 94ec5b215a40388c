package dev.roundhouse.proxy.config.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a set of files that may change at any time, the way {@link FileConfigSource} watches the
 * config file (atomic renames, in-place writes, Kubernetes' {@code ..data} symlink swaps: see
 * {@link WatchedPaths}), and calls back once the changes have settled: after a quiet period, or at
 * the latest after a maximum delay under a stream of events. The callback can ask to be called
 * again after a delay even if nothing happens, to wait out a change that comes in two steps (a
 * certificate renamed into place, then its key).
 *
 * <p>The files can be replaced at any time ({@link #watch}); the callback then runs once too, since
 * a change made before the new files were watched would otherwise go unseen. One thread, started by
 * the first {@link #watch}.
 */
public final class FilesWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FilesWatch.class);

  /** What the owner does when the files may have changed. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Looks at the files.
     *
     * @return when to look again even without an event, or null to wait for the next event
     */
    @Nullable Duration changed();
  }

  /** How long the watch waits without any event or request: it then looks at the file set again. */
  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  private final String name;
  private final String unwatched;
  private final Duration quietPeriod;
  private final Duration maxDelay;
  private final Listener listener;
  private volatile List<Path> files = List.of();
  private volatile boolean filesChanged;
  private @Nullable DirectoryWatch watch;
  private @Nullable Thread thread;

  /**
   * A watch named {@code name} (its thread's name) calling {@code listener}.
   *
   * @param unwatched what happens to changes when the files cannot be watched, for the warning
   * @param quietPeriod how long no event must come before the listener is called
   * @param maxDelay the longest a change waits for quiet before the listener is called anyway
   */
  public FilesWatch(
      String name, String unwatched, Duration quietPeriod, Duration maxDelay, Listener listener) {
    this.name = requireNonNull(name, "name");
    this.unwatched = requireNonNull(unwatched, "unwatched");
    this.quietPeriod = requireNonNull(quietPeriod, "quietPeriod");
    this.maxDelay = requireNonNull(maxDelay, "maxDelay");
    this.listener = requireNonNull(listener, "listener");
  }

  /**
   * Watches {@code paths} from now on (absolute, symlinks not resolved), in place of the others.
   */
  public synchronized void watch(List<Path> paths) {
    files = paths.stream().map(Path::toAbsolutePath).toList();
    filesChanged = true;
    if (thread != null || paths.isEmpty()) {
      return;
    }
    try {
      watch = new DirectoryWatch();
    } catch (IOException e) {
      log.warn("cannot watch {} for changes ({}); {}", paths, e.toString(), unwatched);
      return;
    }
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    DirectoryWatch directories = requireNonNull(watch);
    long quiet = quietPeriod.toNanos();
    long longest = maxDelay.toNanos();
    boolean pending = false;
    long first = 0;
    long last = 0;
    long recheckAt = Long.MAX_VALUE;
    try {
      while (true) {
        long now = System.nanoTime();
        long due = pending ? Math.min(last + quiet, first + longest) : recheckAt;
        long wait =
            Math.min(due == Long.MAX_VALUE ? Long.MAX_VALUE : due - now, IDLE_POLL.toNanos());
        boolean relevant = directories.await(Duration.ofNanos(Math.max(0, wait)));
        now = System.nanoTime();
        if (filesChanged) {
          filesChanged = false;
          relevant = true;
        }
        if (relevant) {
          if (!pending) {
            pending = true;
            first = now;
          }
          last = now;
        }
        boolean settled = pending && (now - last >= quiet || now - first >= longest);
        if (settled || (!pending && now >= recheckAt)) {
          pending = false;
          // A symlink swap moves what must be watched.
          if (directories.follow(WatchedPaths.of(files)) == 0 && !files.isEmpty()) {
            log.warn("cannot watch {}: no directory of theirs exists; {}", files, unwatched);
          }
          recheckAt = call(now);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      log.debug("stopped watching {}", files);
    }
  }

  private long call(long now) {
    try {
      Duration again = listener.changed();
      return again == null ? Long.MAX_VALUE : now + again.toNanos();
    } catch (RuntimeException e) {
      log.error("handling a change of {} failed", files, e);
      return Long.MAX_VALUE;
    }
  }

  /** Stops watching. */
  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.close();
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
