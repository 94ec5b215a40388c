package dev.roundhouse.proxy.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open client connections of one frontend and their gauge, and whether it accepts more (a
 * second gauge, 1 while a connection limit has paused accepting). The count outlives the gauge:
 * when a reload removes the frontend, its gauge goes but connections still draining keep counting
 * down, so a frontend added back later starts from the truth.
 */
final class FrontendConnections {

  private final MeterRegistry registry;
  private final String frontend;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger paused = new AtomicInteger();
  private Gauge gauge;
  private Gauge pausedGauge;

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
    }
    return this;
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
      gauge = null;
      pausedGauge = null;
    }
  }
}
