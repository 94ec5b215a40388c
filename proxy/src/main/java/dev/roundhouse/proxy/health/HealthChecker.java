package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.TrafficObserver;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every backend's health current: runs a {@link CheckLoop} per backend while active checks
 * are on, and ejects backends passively through {@link #passiveObserver()}.
 *
 * <p>{@link #update} takes the current settings and backends and may be called again at any time (a
 * config reload): new backends start healthy and are checked at once, removed ones stop being
 * checked (a result in flight is dropped), a changed interval applies from the next check, and the
 * thresholds, path and timeout from the next result or check. Turning active checks off puts every
 * backend back in rotation, since nothing else would; with them off, a passively ejected backend
 * comes back after one {@code interval} of cool-off.
 *
 * <p>Checks run on the given event loop group, spread over its loops; the group belongs to the
 * caller and is not shut down by {@link #close()}.
 */
public final class HealthChecker implements AutoCloseable {

  private final EventLoopGroup group;
  private final Probe probe;
  private final HealthListener listener;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final TrafficObserver passive = new PassiveHealth(this);
  private final OutlierDetector outliers;
  private volatile HealthCheck settings = HealthCheck.DEFAULTS;
  private boolean closed;

  /**
   * A checker whose probes and schedules run on {@code group}, reporting each check to {@code
   * listener}.
   */
  public HealthChecker(EventLoopGroup group, Probe probe, HealthListener listener, Clock clock) {
    this.group = requireNonNull(group, "group");
    this.probe = requireNonNull(probe, "probe");
    this.listener = requireNonNull(listener, "listener");
    this.clock = requireNonNull(clock, "clock");
    this.outliers = new OutlierDetector(group, clock);
  }

  /**
   * Applies these settings to these backends, starting, stopping and re-planning checks as needed.
   * A backend is identified by its {@link BackendState#address() address}; a different state object
   * for a known address replaces the old one.
   */
  public synchronized void update(HealthCheck settings, Collection<BackendState> backends) {
    requireNonNull(settings, "settings");
    requireNonNull(backends, "backends");
    if (closed) {
      throw new IllegalStateException("the health checker is closed");
    }
    HealthCheck previous = this.settings;
    this.settings = settings;
    Map<String, BackendState> wanted = new LinkedHashMap<>();
    backends.forEach(b -> wanted.put(b.address(), b));
    entries
        .entrySet()
        .removeIf(
            e -> {
              boolean gone = wanted.get(e.getKey()) != e.getValue().tracker().backend();
              if (gone) {
                e.getValue().stop();
              }
              return gone;
            });
    for (BackendState backend : wanted.values()) {
      Entry entry = entries.get(backend.address());
      if (entry == null) {
        entries.put(backend.address(), start(new HealthTracker(backend, clock)));
      } else if (settings.enabled() && entry.loop() == null) {
        entries.put(backend.address(), start(entry.tracker()));
      } else if (!settings.enabled() && entry.loop() != null) {
        entry.stop();
        entries.put(backend.address(), new Entry(entry.tracker(), null));
        entry.tracker().readmit("active health checks were turned off");
      } else if (entry.loop() != null && !previous.interval().equals(settings.interval())) {
        entry.loop().settingsChanged();
      }
    }
  }

  /** The observer that counts real requests' outcomes for passive ejection. */
  public TrafficObserver passiveObserver() {
    return passive;
  }

  /**
   * Outlier detection: an observer of every response, ejecting backends whose responses fail. Its
   * settings come with each config through {@link OutlierDetector#update}.
   */
  public OutlierDetector outliers() {
    return outliers;
  }

  /** The latest active check of the backend at {@code address}, if it was checked. */
  public Optional<ProbeResult> lastCheck(String address) {
    Entry entry = entries.get(address);
    return entry == null ? Optional.empty() : entry.tracker().lastCheck();
  }

  /** The settings in force. */
  public HealthCheck settings() {
    return settings;
  }

  /** Stops every check. The event loop group stays up. */
  @Override
  public synchronized void close() {
    closed = true;
    entries.values().forEach(Entry::stop);
    entries.clear();
  }

  /** The tracker of {@code backend}, if it is one of the current backends. */
  HealthTracker tracker(BackendState backend) {
    Entry entry = entries.get(backend.address());
    return entry != null && entry.tracker().backend() == backend ? entry.tracker() : null;
  }

  /** After a passive ejection: with active checks off, plan the cool-off that brings it back. */
  void ejected(HealthTracker tracker) {
    HealthCheck current = settings;
    if (current.enabled()) {
      return;
    }
    group.schedule(
        () -> {
          if (tracker(tracker.backend()) == tracker
              && !settings.enabled()
              && tracker.ejectedPassively()) {
            tracker.readmit(
                "passive ejection ended after "
                    + GoDuration.format(current.interval())
                    + " (active checks are off)");
          }
        },
        current.interval().toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private Entry start(HealthTracker tracker) {
    if (!settings.enabled()) {
      return new Entry(tracker, null);
    }
    CheckLoop loop = new CheckLoop(tracker, probe, listener, () -> settings, group.next(), clock);
    loop.start();
    return new Entry(tracker, loop);
  }

  /** A backend's tracker and, while active checks are on, its loop. */
  private record Entry(HealthTracker tracker, CheckLoop loop) {
    void stop() {
      if (loop != null) {
        loop.stop();
      }
    }
  }
}
