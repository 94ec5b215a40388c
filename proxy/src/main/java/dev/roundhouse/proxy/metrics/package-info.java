/**
 * Prometheus metrics of the proxy through Micrometer: the {@code roundhouse_*} metrics of the data
 * path, health checks and config reloads, plus JVM and Netty buffer metrics. {@link
 * dev.roundhouse.proxy.metrics.ProxyMetrics} is the entry point; labels are bounded (no path,
 * client address or request id).
 */
@NullMarked
package dev.roundhouse.proxy.metrics;

import org.jspecify.annotations.NullMarked;
