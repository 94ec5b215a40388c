package dev.roundhouse.proxy.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open client connections of one frontend and their gauge. The count outlives the gauge: when a
 * reload removes the frontend, its gauge goes but connections still draining keep counting down, so
 * a frontend added back later starts from the truth.
 */
final class FrontendConnections {

  private final MeterRegistry registry;
  private final String frontend;
  private final AtomicInteger open = new AtomicInteger();
  private Gauge gauge;

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

  int open() {
    return open.get();
  }

  synchronized FrontendConnections show() {
    if (gauge == null) {
      gauge =
          Gauge.builder(MetricNames.FRONTEND_CONNECTIONS, open, AtomicInteger::get)
              .description("Client connections open on the frontend.")
              .tag(MetricNames.FRONTEND, frontend)
              .strongReference(true)
              .register(registry);
    }
    return this;
  }

  synchronized void hide() {
    if (gauge != null) {
      registry.remove(gauge);
      gauge = null;
    }
  }
}
