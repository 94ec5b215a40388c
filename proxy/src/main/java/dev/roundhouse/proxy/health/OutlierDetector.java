package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.OutlierDetection;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.TrafficObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outlier detection ({@link OutlierDetection}): learns from every response and failed request which
 * backends misbehave, and ejects them for a while. A response with a 5xx status and a request
 * failed through the backend's fault ({@link FailureKind#backendFault()}) count as failures, any
 * other response as a success.
 *
 * <p>A backend is ejected after {@code consecutive5xx} failures in a row, or when at least {@code
 * minimumRequests} responses within the current {@code interval} failed at {@code failurePercent}
 * or more; unless {@code maxEjectionPercent} of the backends (rounded down) are ejected already.
 * The n-th ejection lasts n × {@code baseEjectionTime}, at most {@code maxEjectionTime}; the count
 * starts over when a backend has stayed in for {@code maxEjectionTime}. An ejection ends only when
 * its time is up: active health checks go on meanwhile, but a passing one does not end it.
 *
 * <p>{@link #update} takes the settings and backends of every config; a backend kept by a reload
 * keeps its counts and its ejection.
 */
public final class OutlierDetector implements TrafficObserver {

  private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private volatile @Nullable OutlierDetection settings;
  private volatile Map<BackendState, OutlierStats> stats = Map.of();

  /** A detector that times the ends of ejections on {@code scheduler}. */
  public OutlierDetector(ScheduledExecutorService scheduler, Clock clock) {
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Applies these settings (null: off) to these backends. */
  public synchronized void update(
      @Nullable OutlierDetection settings, List<BackendState> backends) {
    Map<BackendState, OutlierStats> next = new IdentityHashMap<>();
    for (BackendState backend : backends) {
      OutlierStats old = stats.get(backend);
      next.put(backend, old != null ? old : new OutlierStats());
    }
    this.settings = settings;
    this.stats = next;
    if (settings == null) {
      for (BackendState backend : backends) {
        if (backend.ejected()) {
          backend.endEjection(clock.instant());
          log.info("Backend {} is back in rotation: outlier detection was turned off", backend);
        }
      }
    }
  }

  @Override
  public void backendAnswered(BackendState backend, int status) {
    outcome(backend, status >= 500, status, null);
  }

  @Override
  public void backendFailed(BackendState backend, FailureKind kind) {
    if (kind.backendFault()) {
      outcome(backend, true, 0, kind);
    }
  }

  /**
   * Counts a response ({@code status}) or a failure ({@code kind}); the text of the last outcome is
   * only made for an ejection's log line, not for every response.
   */
  private void outcome(
      BackendState backend, boolean failed, int status, @Nullable FailureKind kind) {
    OutlierDetection current = settings;
    OutlierStats counts = stats.get(backend);
    if (current == null || counts == null || backend.ejected()) {
      return;
    }
    String trip = counts.count(failed, current, clock.instant());
    if (trip != null) {
      String last = kind != null ? kind.label() : status + " response";
      eject(backend, counts, current, trip + ", last: " + last);
    }
  }

  private synchronized void eject(
      BackendState backend, OutlierStats counts, OutlierDetection current, String reason) {
    if (backend.ejected() || stats.get(backend) != counts) {
      return;
    }
    int ejected = 0;
    for (BackendState other : stats.keySet()) {
      ejected += other.ejected() ? 1 : 0;
    }
    int max = current.maxEjected(stats.size());
    if (ejected >= max) {
      log.warn(
          "Backend {} is an outlier ({}) but stays in rotation: {} of {} backends are ejected"
              + " already, the most maxEjectionPercent {}% allows",
          backend.address(), reason, ejected, stats.size(), current.maxEjectionPercent());
      counts.reset();
      return;
    }
    Instant now = clock.instant();
    long times = counts.ejected(now, current.maxEjectionTime());
    backend.eject();
    Duration length = current.baseEjectionTime().multipliedBy(times);
    if (length.compareTo(current.maxEjectionTime()) > 0) {
      length = current.maxEjectionTime();
    }
    log.warn(
        "Backend {} is EJECTED for {} (ejection {} in a row): {}. It gets no new requests"
            + " until then; passing health checks do not end it early.",
        backend.address(),
        GoDuration.format(length),
        times,
        reason);
    scheduler.schedule(() -> readmit(backend, counts), length.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void readmit(BackendState backend, OutlierStats counts) {
    Instant now = clock.instant();
    counts.returned(now);
    if (backend.ejected()) {
      backend.endEjection(now);
      log.info(
          "Backend {} is back in rotation: its ejection time is over{}",
          backend.address(),
          backend.health().up() ? "" : " (but it is down by its health checks)");
    }
  }
}
