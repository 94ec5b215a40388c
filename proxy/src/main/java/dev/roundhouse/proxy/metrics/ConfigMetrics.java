package dev.roundhouse.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code roundhouse_config_reloads_total{result="accepted"|"rejected"}} and {@code
 * roundhouse_config_revision}. Both reload counters exist from the start at 0, so an alert on
 * {@code increase(...{result="rejected"}[5m]) > 0} works before the first rejection.
 */
public final class ConfigMetrics {

  private final Counter accepted;
  private final Counter rejected;
  private final AtomicLong revision = new AtomicLong();

  ConfigMetrics(MeterRegistry registry) {
    accepted = reloads(registry, "accepted");
    rejected = reloads(registry, "rejected");
    Gauge.builder(MetricNames.CONFIG_REVISION, revision, AtomicLong::get)
        .description("Revision of the config in force (0 until one is loaded).")
        .strongReference(true)
        .register(registry);
  }

  private static Counter reloads(MeterRegistry registry, String result) {
    return Counter.builder(MetricNames.CONFIG_RELOADS)
        .description("Config reloads, by result: accepted and swapped in, or rejected as invalid.")
        .tag(MetricNames.RESULT, result)
        .register(registry);
  }

  /** The config loaded at startup is in force; this is not counted as a reload. */
  public void loaded(long revision) {
    this.revision.set(revision);
  }

  /** A reload was accepted and its config, numbered {@code revision}, is now in force. */
  public void accepted(long revision) {
    accepted.increment();
    this.revision.set(revision);
  }

  /** A reload was rejected; the config in force (and its revision) stays. */
  public void rejected() {
    rejected.increment();
  }

  /** The revision in force. */
  public long revision() {
    return revision.get();
  }
}
