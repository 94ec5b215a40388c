package dev.roundhouse.proxy.metrics;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.RejectionReason;
import dev.roundhouse.proxy.observe.SlowClientPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one frontend: its open client connections (a gauge), whether it accepts more (a
 * second gauge, 1 while a connection limit has paused accepting), and its slow clients and rejected
 * connections (a counter for each phase and each reason, there at zero from the start, so that a
 * rate or an alert on them has a series before the first event). The open count outlives the
 * meters: when a reload removes the frontend, its meters go but connections still draining keep
 * counting down, so a frontend added back later starts from the truth. What those draining
 * connections' clients do to the counters is not counted.
 */
final class FrontendConnections {

  private final MeterRegistry registry;
  private final String frontend;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger paused = new AtomicInteger();
  private final Map<SlowClientPhase, Counter> timeouts = new EnumMap<>(SlowClientPhase.class);
  private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);
  private @Nullable Gauge gauge;
  private @Nullable Gauge pausedGauge;

  FrontendConnections(MeterRegistry registry, String frontend) {
    this.registry = requireNonNull(registry, "registry");
    this.frontend = requireNonNull(frontend, "frontend");
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }

  void acceptPaused(boolean now) {
    paused.set(now ? 1 : 0);
  }

  synchronized void timedOut(SlowClientPhase phase) {
    Counter counter = timeouts.get(phase);
    if (counter != null) {
      counter.increment();
    }
  }

  synchronized void rejected(RejectionReason reason) {
    Counter counter = rejections.get(reason);
    if (counter != null) {
      counter.increment();
    }
  }

  int open() {
    return open.get();
  }

  synchronized FrontendConnections show() {
    if (gauge == null) {
      gauge =
          gauge(MetricNames.FRONTEND_CONNECTIONS, open, "Client connections open on the frontend.");
      pausedGauge =
          gauge(
              MetricNames.FRONTEND_ACCEPT_PAUSED,
              paused,
              "1 while the frontend does not accept, at a connection limit.");
      for (SlowClientPhase phase : SlowClientPhase.values()) {
        timeouts.put(
            phase,
            counter(
                MetricNames.CLIENT_TIMEOUTS,
                "Clients too slow to send a request's head (answered 408) or body.",
                MetricNames.PHASE,
                phase.label()));
      }
      for (RejectionReason reason : RejectionReason.values()) {
        rejections.put(
            reason,
            counter(
                MetricNames.CONNECTIONS_REJECTED,
                "Connections closed as soon as accepted: per_client, the client address had"
                    + " limits.maxConnectionsPerClient open.",
                MetricNames.REASON,
                reason.label()));
      }
    }
    return this;
  }

  private Counter counter(String name, String description, String key, String value) {
    return Counter.builder(name)
        .description(description)
        .tag(MetricNames.FRONTEND, frontend)
        .tag(key, value)
        .register(registry);
  }

  private Gauge gauge(String name, AtomicInteger value, String description) {
    return Gauge.builder(name, value, AtomicInteger::get)
        .description(description)
        .tag(MetricNames.FRONTEND, frontend)
        .strongReference(true)
        .register(registry);
  }

  synchronized void hide() {
    if (gauge != null) {
      registry.remove(gauge);
      registry.remove(pausedGauge);
      timeouts.values().forEach(registry::remove);
      rejections.values().forEach(registry::remove);
      gauge = null;
      pausedGauge = null;
      timeouts.clear();
      rejections.clear();
    }
  }
}
