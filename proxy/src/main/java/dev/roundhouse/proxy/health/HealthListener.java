package dev.roundhouse.proxy.health;

import dev.roundhouse.proxy.backend.BackendState;

/** Hears every finished active check, e.g. to count it in a metric. Called on an event loop. */
public interface HealthListener {

  /** A listener that ignores everything. */
  HealthListener NONE = (backend, result) -> {};

  /** {@code backend} was checked with this result. */
  void checked(BackendState backend, ProbeResult result);
}
