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
 * each pause. Under load (16 young collections a second) that thread ran 35-50 ms in every 8 s, and
 * C2 spent tens of milliseconds more compiling its JMX code, all of it on the one CPU the event
 * loop had, right after each pause (docs/bench.md, "The tail at 64 connections"). Counters read at
 * scrape time cost nothing between scrapes. For the serial collector, the collection time is pause
 * time.
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
