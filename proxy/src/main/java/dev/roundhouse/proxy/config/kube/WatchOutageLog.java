package dev.roundhouse.proxy.config.kube;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether the API server can be reached, and logs an outage once when it starts and once
 * when it ends, not once per retry.
 */
final class WatchOutageLog {

  private static final Logger log = LoggerFactory.getLogger(WatchOutageLog.class);

  private final String what;
  private boolean down;

  WatchOutageLog(String what) {
    this.what = requireNonNull(what, "what");
  }

  /** A request to the API server failed. */
  synchronized void failed(Throwable error) {
    String why = ErrorMessages.describe(error);
    if (down) {
      log.debug("{}: the API server still cannot be reached: {}", what, why);
      return;
    }
    down = true;
    log.warn(
        "{}: lost contact with the API server: {}; the proxy keeps serving its current config"
            + " and keeps retrying",
        what,
        why);
  }

  /**
   * A request to the API server succeeded.
   *
   * @return true if this ends an outage
   */
  synchronized boolean reachable() {
    if (!down) {
      return false;
    }
    down = false;
    log.info(
        "{}: the API server can be reached again; watching anew, changes made during the outage"
            + " apply now",
        what);
    return true;
  }

  /** Whether an outage is going on. */
  synchronized boolean down() {
    return down;
  }
}
