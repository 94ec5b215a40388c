package dev.roundhouse.proxy.lifecycle;

import dev.roundhouse.proxy.admin.Readiness;

/**
 * Whether the proxy should get traffic ({@code /readyz}): not before the first config is in force
 * with every listener bound, and never again once shutdown has begun.
 */
public final class ProxyReadiness implements Readiness {

  private State state = State.notReady("starting: no config is in force yet");
  private boolean shuttingDown;

  @Override
  public synchronized State check() {
    return state;
  }

  /** A config is in force and its listeners are bound. */
  synchronized void configured() {
    if (!shuttingDown) {
      state = State.READY;
    }
  }

  /** Shutdown has begun: not ready from now on, for good. */
  synchronized void shutDown() {
    shuttingDown = true;
    state = State.notReady("shutting down");
  }

  /** Whether shutdown has begun. */
  public synchronized boolean shuttingDown() {
    return shuttingDown;
  }
}
