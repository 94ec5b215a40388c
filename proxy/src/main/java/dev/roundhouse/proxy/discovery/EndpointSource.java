package dev.roundhouse.proxy.discovery;

import java.util.List;

/**
 * The current endpoints of one dynamic backend, kept up to date from where they come from (DNS,
 * EndpointSlices).
 */
public interface EndpointSource extends AutoCloseable {

  /**
   * Starts following the endpoints. The first set is known when this returns (empty if it could not
   * be read); each later change is announced to {@code changed}, from the source's own thread.
   */
  void start(Runnable changed);

  /** The endpoints now, in a stable order. */
  List<Endpoint> endpoints();

  /** Stops following; no change is announced after this. */
  @Override
  void close();
}
