package dev.roundhouse.proxy.config;

/**
 * Hears the outcome of every reload and rollback, after the reloader has logged it: the metrics
 * count {@code roundhouse_config_reloads_total{result}} and set {@code roundhouse_config_revision}
 * from it.
 *
 * <p>Called on the reloading thread, one outcome at a time, in order. It must be quick and must not
 * call back into the reloader.
 */
@FunctionalInterface
public interface ReloadListener {

  /** One reload or rollback finished. */
  void reloaded(ReloadOutcome outcome);
}
