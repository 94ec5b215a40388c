package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

/**
 * Whether the proxy should get traffic, as {@code /readyz} reports it. The wiring implements it:
 * ready once every listener is bound and a valid config is loaded, not ready again from the moment
 * shutdown begins.
 */
@FunctionalInterface
public interface Readiness {

  /** Ready or not, and why. */
  record State(boolean ready, String reason) {
    /** Checks the parts. */
    public State {
      requireNonNull(reason, "reason");
    }

    /** Ready. */
    public static final State READY = new State(true, "ready");

    /** Not ready because of {@code reason}, e.g. {@code "shutting down"}. */
    public static State notReady(String reason) {
      return new State(false, reason);
    }
  }

  /** The state now; called for each {@code /readyz} and {@code /status}. */
  State check();
}
