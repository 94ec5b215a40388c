package dev.roundhouse.proxy.metrics;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.health.HealthListener;
import dev.roundhouse.proxy.observe.TrafficObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The proxy's metrics: one Prometheus registry holding the {@code roundhouse_*} metrics, the JVM's
 * and the Netty allocator's. Metrics are always recorded; {@code metrics.enabled} only decides
 * whether the admin server exposes {@link #scrape()}.
 *
 * <p>Wiring: pass {@link #observer()} to the data path (it is a {@link TrafficObserver}), {@link
 * #healthListener()} to the health checker, call {@link #update} with every accepted config and
 * {@link #config()} when a config is loaded, accepted or rejected.
 */
public final class ProxyMetrics implements AutoCloseable {

  /** The content type of {@link #scrape()}: the Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final TrafficMetrics traffic;
  private final ConfigMetrics config;
  private final RuntimeMetrics runtime;

  /**
   * A registry with JVM metrics and those of {@code allocator}, the buffer allocator the data path
   * uses (e.g. {@code ByteBufAllocator.DEFAULT}), both bound at the first {@link #scrape()}.
   */
  public ProxyMetrics(ByteBufAllocator allocator) {
    requireNonNull(allocator, "allocator");
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    traffic = new TrafficMetrics(registry);
    config = new ConfigMetrics(registry);
    runtime = new RuntimeMetrics(registry, allocator);
  }

  /** What the data path reports, counted. */
  public TrafficObserver observer() {
    return traffic;
  }

  /** Counts active health checks by backend and result. */
  public HealthListener healthListener() {
    return traffic;
  }

  /** Config reloads and the revision in force. */
  public ConfigMetrics config() {
    return config;
  }

  /**
   * Shows these frontends and backends. The series of a frontend or backend a reload removed go
   * away: a frontend's at once, a backend's at the second scrape after its last request in flight
   * is done, so its final counts are scraped once.
   */
  public void update(List<Frontend> frontends, Collection<BackendState> backends) {
    traffic.update(frontends.stream().map(Frontend::label).toList(), backends);
  }

  /** Shows {@code panic} (whether panic mode is on now) as {@code roundhouse_panic_mode}. */
  public void watchPanicMode(BooleanSupplier panic) {
    Gauge.builder(MetricNames.PANIC_MODE, panic, p -> p.getAsBoolean() ? 1 : 0)
        .description(
            "1 while too few backends are available (outlierDetection.panicThreshold) and every"
                + " backend is balanced over, healthy or not; else 0.")
        .strongReference(true)
        .register(registry);
  }

  /** Client connections open on the frontend labelled {@code frontend}. */
  public int openConnections(String frontend) {
    return traffic.openConnections(frontend);
  }

  /**
   * Every metric in the Prometheus text format. The JVM's and the allocator's are bound at the
   * first scrape ({@link RuntimeMetrics}).
   */
  public String scrape() {
    runtime.bindOnce();
    traffic.sweep();
    return registry.scrape();
  }

  /** The registry, for more meters. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    registry.close();
  }
}
