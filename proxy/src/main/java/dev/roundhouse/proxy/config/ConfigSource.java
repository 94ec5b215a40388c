package dev.roundhouse.proxy.config;

import java.util.function.Consumer;

/**
 * Where the proxy's config comes from: a watched file, a watched ConfigMap, or a fixed text.
 *
 * <p>A source only delivers raw text; the {@link ConfigReloader} judges it. Implementations are
 * thread-safe: {@link #read} may be called (by {@code POST /admin/reload} or SIGHUP) while the
 * watch runs.
 */
public interface ConfigSource extends AutoCloseable {

  /** Where this source reads from, for logs: {@code file /etc/roundhouse/config.yaml}. */
  String describe();

  /** Reads the source now, bypassing any watch or cache. Never throws: a failure is a reading. */
  SourceReading read();

  /**
   * Starts watching. Delivers the current reading first, then a reading after each change, from a
   * thread of the source's own. A source may deliver a reading equal to the previous one; the
   * listener must tolerate it. Called at most once.
   */
  void start(Consumer<SourceReading> listener);

  /** Stops watching and releases threads and handles. Idempotent. */
  @Override
  void close();
}
