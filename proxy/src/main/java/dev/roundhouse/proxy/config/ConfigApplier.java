package dev.roundhouse.proxy.config;

/**
 * Swaps an accepted config into the running proxy: binds new frontend ports, retires removed
 * backends, changes algorithm, timeouts, health checks and logging. Implemented by the proxy's
 * wiring.
 *
 * <p>The reloader calls it one revision at a time, never concurrently. It may be handed a config
 * equal to the running one (a new source revision of the same text, or a rollback), so it works
 * from the difference between what runs and what is asked.
 */
@FunctionalInterface
public interface ConfigApplier {

  /**
   * Puts {@code revision} in force.
   *
   * <p>All or nothing: when it throws, the previous config must still be fully in force (bind new
   * ports before letting any go, so that a port in use fails the reload and nothing else). The
   * reloader then reports the reload as rejected with the exception's message.
   *
   * @return what changed, in a few words for the log line of the reload ({@code port 8082 added;
   *     backend http://b1:9001 removed}); at startup, a summary of the whole config
   * @throws ApplyException when the config is valid but cannot be put in force
   */
  String apply(ConfigRevision revision) throws ApplyException;
}
