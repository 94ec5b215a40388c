package dev.roundhouse.proxy.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * The JVM's metrics (memory, GC, threads, classes, CPU, file descriptors, uptime) and the Netty
 * buffer allocator's ({@code netty_allocator_*}: memory used, and for a pooled allocator its arenas
 * and caches). All are read when Prometheus scrapes; none does work while the proxy serves.
 *
 * <p>They are bound at the first scrape, not at start: every one of them reads a counter or a gauge
 * of the JVM at scrape time (the collectors' counts included), so binding later loses nothing, and
 * the JVM's management beans they need, made at their first use, took about 20 ms of the proxy's
 * start on one CPU (docs/bench.md, "Stop 36").
 */
final class RuntimeMetrics {

  private final MeterRegistry registry;
  private final ByteBufAllocator allocator;
  private boolean bound; // guarded by this

  RuntimeMetrics(MeterRegistry registry, ByteBufAllocator allocator) {
    this.registry = requireNonNull(registry, "registry");
    this.allocator = requireNonNull(allocator, "allocator");
  }

  /** Binds the meters to the registry the first time it is called; does nothing after that. */
  synchronized void bindOnce() {
    if (bound) {
      return;
    }
    bound = true;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    GcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
      new NettyAllocatorMetrics(provider).bindTo(registry);
    }
  }
}
