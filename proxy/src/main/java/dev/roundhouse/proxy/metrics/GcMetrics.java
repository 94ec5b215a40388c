package dev.roundhouse.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The garbage collector's work, read from its management beans when Prometheus scrapes: {@code
 * jvm_gc_collections_total} and {@code jvm_gc_collection_time_seconds_total}, labelled {@code gc}
 * with the collector's name ({@code Copy} and {@code MarkSweepCompact} for the serial collector the
 * proxy runs with).
 *
 * <p>Micrometer's {@code JvmGcMetrics} is not used on purpose: it listens for the JVM's
 * notification of every collection, and the JVM builds that notification (a JMX {@code
 * CompositeData} of every memory pool, before and after) on its notification thread right after
 * each pause. On one CPU that thread and the JIT compiling its code took the event loop's place
 * after every young collection, 16 times a second under load: 0.5 % of the CPU and a longer stall
 * per pause, which showed in the p99 latency (docs/bench.md, "The tail at 64 connections").
 * Counters read at scrape time cost nothing between scrapes. For the serial collector, the
 * collection time is pause time.
 */
final class GcMetrics {

  private GcMetrics() {}

  static void bindTo(MeterRegistry registry) {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      FunctionCounter.builder(
              "jvm.gc.collections", collector, GarbageCollectorMXBean::getCollectionCount)
          .tag("gc", collector.getName())
          .description("Collections this collector has run")
          .register(registry);
      FunctionCounter.builder(
              "jvm.gc.collection.time", collector, c -> c.getCollectionTime() / 1000.0)
          .tag("gc", collector.getName())
          .baseUnit("seconds")
          .description(
              "Time this collector has spent collecting (for the serial collector, all of it paused)")
          .register(registry);
    }
  }
}
