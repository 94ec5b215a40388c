package dev.roundhouse.proxy.health;

import dev.roundhouse.api.OutlierDetection;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One backend's counts for outlier detection: failures in a row, responses and failures in the
 * current window, and its ejections in a row. Guarded by its own lock: each response takes it
 * briefly, and only while outlier detection is on.
 */
final class OutlierStats {

  private int consecutive;
  private @Nullable Instant windowStart;
  private int requests;
  private int failures;
  private long ejections;
  private @Nullable Instant returnedAt;

  /**
   * Counts one outcome.
   *
   * @return why the backend should be ejected now, or null
   */
  synchronized @Nullable String count(boolean failed, OutlierDetection settings, Instant now) {
    if (windowStart == null || !now.isBefore(windowStart.plus(settings.interval()))) {
      windowStart = now;
      requests = 0;
      failures = 0;
    }
    requests++;
    if (!failed) {
      consecutive = 0;
      return null;
    }
    failures++;
    consecutive++;
    if (settings.consecutive5xx() > 0 && consecutive >= settings.consecutive5xx()) {
      return consecutive + " failed responses in a row";
    }
    Integer percent = settings.failurePercent();
    if (percent != null
        && requests >= settings.minimumRequests()
        && failures * 100 >= percent * requests) {
      return failures + " of " + requests + " responses failed (failurePercent " + percent + "%)";
    }
    return null;
  }

  /** Starts the counts over (the backend was not ejected after all). */
  synchronized void reset() {
    consecutive = 0;
    windowStart = null;
  }

  /**
   * Counts an ejection.
   *
   * @return how many ejections in a row this is, counting from 1 again when the backend had stayed
   *     in for {@code forgetAfter}
   */
  synchronized long ejected(Instant now, Duration forgetAfter) {
    if (returnedAt != null && Duration.between(returnedAt, now).compareTo(forgetAfter) >= 0) {
      ejections = 0;
    }
    reset();
    return ++ejections;
  }

  /** The ejection ended at {@code now}. */
  synchronized void returned(Instant now) {
    returnedAt = now;
    reset();
  }
}
