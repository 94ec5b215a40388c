package dev.roundhouse.proxy.health;

import dev.roundhouse.api.Backend;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Checks a backend once. {@link HttpProbe} is the real one. */
public interface Probe {

  /**
   * Sends {@code GET path} to {@code backend} and reports the outcome; never fails exceptionally: a
   * problem is a failed {@link ProbeResult}.
   *
   * @param timeout the bound on the whole check, connection included
   */
  CompletionStage<ProbeResult> check(Backend backend, String path, Duration timeout);
}
