package dev.roundhouse.proxy.metrics;

import static dev.roundhouse.proxy.metrics.MetricNames.BACKEND;
import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.FailureKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every meter labelled with one {@code backend}: its gauges, counters and durations. Counters whose
 * other labels come from traffic (frontend, method, code) are created on first use and cached, so
 * the hot path does one map lookup per meter.
 *
 * <p>{@link #remove()} unregisters all of them when a reload has removed the backend, its last
 * request is done and the final values were scraped once; a meter created by a straggler after that
 * is unregistered again at once.
 */
final class BackendMeters {

  private record RequestKey(String frontend, String method, String code) {}

  private final MeterRegistry registry;
  private final String backend;
  private final BackendState state;
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<FailureKind, Counter> errors;
  private final Counter retries;
  private final Counter retriesRefused;
  private final Counter checksPassed;
  private final Counter checksFailed;
  private volatile boolean leaving;
  private volatile boolean expiring;
  private volatile boolean removed;

  private BackendMeters(MeterRegistry registry, String backend, BackendState state) {
    this.registry = requireNonNull(registry, "registry");
    this.backend = requireNonNull(backend, "backend");
    this.state = state;
    if (state == null) {
      errors = Map.of();
      retries = retriesRefused = checksPassed = checksFailed = null;
      return;
    }
    errors = new EnumMap<>(FailureKind.class);
    for (FailureKind kind : FailureKind.values()) {
      if (kind.backendFault()) {
        errors.put(
            kind,
            counter(
                MetricNames.BACKEND_ERRORS,
                "Requests that failed through the backend's fault, by failure type.",
                MetricNames.TYPE,
                kind.label()));
      }
    }
    retriesRefused =
        counter(
            MetricNames.RETRIES_REFUSED,
            "Retries not sent after a request could not reach this backend: the retry budget was"
                + " spent.");
    retries =
        counter(
            MetricNames.RETRIES,
            "Requests that could not reach this backend and were tried on another.");
    checksPassed =
        counter(
            MetricNames.HEALTH_CHECKS,
            "Active health checks, by result.",
            MetricNames.RESULT,
            "success");
    checksFailed =
        counter(
            MetricNames.HEALTH_CHECKS,
            "Active health checks, by result.",
            MetricNames.RESULT,
            "failure");
    Gauge.builder(MetricNames.BACKEND_UP, state, s -> s.health().up() ? 1 : 0)
        .description("1 if the backend is in rotation (healthy), 0 if it is down.")
        .tag(BACKEND, backend)
        .strongReference(true)
        .register(registry);
    Gauge.builder(MetricNames.BACKEND_ACTIVE_REQUESTS, state, BackendState::inFlight)
        .description("Requests sent to the backend and not finished yet.")
        .tag(BACKEND, backend)
        .strongReference(true)
        .register(registry);
    Gauge.builder(MetricNames.BACKEND_EJECTED, state, s -> s.ejected() ? 1 : 0)
        .description("1 while outlier detection has the backend ejected, else 0.")
        .tag(BACKEND, backend)
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(MetricNames.OUTLIER_EJECTIONS, state, BackendState::ejections)
        .description("Times outlier detection ejected the backend.")
        .tag(BACKEND, backend)
        .register(registry);
  }

  /** The meters of a configured backend, gauges and zeroed counters included. */
  static BackendMeters of(MeterRegistry registry, BackendState state) {
    return new BackendMeters(registry, state.address(), state);
  }

  /** The meters of requests no backend answered, labelled {@code backend="none"}. */
  static BackendMeters none(MeterRegistry registry, String label) {
    return new BackendMeters(registry, label, null);
  }

  /** The backend's state, or null for the "none" meters. */
  BackendState state() {
    return state;
  }

  void exchange(String frontend, String method, String code, long durationNanos) {
    Counter counter = requests.get(new RequestKey(frontend, method, code));
    if (counter == null) {
      counter =
          requests.computeIfAbsent(
              new RequestKey(frontend, method, code),
              k ->
                  checkRemoved(
                      Counter.builder(MetricNames.REQUESTS)
                          .description(
                              "Requests answered, by frontend, backend, method and status code.")
                          .tags(MetricNames.FRONTEND, frontend, BACKEND, backend)
                          .tags(MetricNames.METHOD, method, MetricNames.CODE, code)
                          .register(registry)));
    }
    counter.increment();
    Timer timer = durations.get(frontend);
    if (timer == null) {
      timer =
          durations.computeIfAbsent(
              frontend,
              f ->
                  checkRemoved(
                      Timer.builder(MetricNames.REQUEST_DURATION)
                          .description(
                              "Time from a request's arrival to the last byte of its response.")
                          .tags(MetricNames.FRONTEND, f, BACKEND, backend)
                          .serviceLevelObjectives(MetricNames.DURATION_BUCKETS)
                          .register(registry)));
    }
    timer.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  void failed(FailureKind kind) {
    Counter counter = errors.get(kind);
    if (counter != null) {
      counter.increment();
    }
  }

  void retryRefused() {
    if (retriesRefused != null) {
      retriesRefused.increment();
    }
  }

  void retried() {
    if (retries != null) {
      retries.increment();
    }
  }

  void checked(boolean ok) {
    if (state != null) {
      (ok ? checksPassed : checksFailed).increment();
    }
  }

  /**
   * Marks the backend as removed by a reload; its meters go once its last request is done and its
   * final values were scraped. Called at every reload without the backend: when it was gone at the
   * reload before too and has nothing in flight, returns true and the meters should go now, scraped
   * or not, so that a proxy nobody scrapes does not keep every backend it ever had.
   */
  boolean leave() {
    boolean goneBefore = leaving;
    leaving = true;
    return goneBefore && state != null && state.inFlight() == 0;
  }

  /** The backend is configured (again): its meters stay. */
  void stay() {
    leaving = false;
    expiring = false;
  }

  /**
   * Called at each scrape: true once the backend has been removed by a reload, had nothing in
   * flight at the previous call, and so had its final values scraped once.
   */
  boolean expired() {
    if (expiring) {
      return true;
    }
    expiring = leaving && state != null && state.inFlight() == 0;
    return false;
  }

  /** Unregisters every meter with this backend label. */
  void remove() {
    removed = true;
    List<Meter> mine =
        registry.getMeters().stream()
            .filter(m -> backend.equals(m.getId().getTag(BACKEND)))
            .toList();
    mine.forEach(registry::remove);
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name)
        .description(description)
        .tag(BACKEND, backend)
        .tags(tags)
        .register(registry);
  }

  private <M extends Meter> M checkRemoved(M meter) {
    if (removed) {
      registry.remove(meter);
    }
    return meter;
  }
}
