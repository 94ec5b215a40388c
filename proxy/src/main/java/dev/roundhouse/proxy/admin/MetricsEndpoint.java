package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.metrics.ProxyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /metrics}: the Prometheus text format, or 404 while {@code metrics.enabled} is false
 * (read at each request, so a reload turns it on or off).
 */
final class MetricsEndpoint implements AdminEndpoint {

  private final ProxyMetrics metrics;
  private final BooleanSupplier enabled;

  MetricsEndpoint(ProxyMetrics metrics, BooleanSupplier enabled) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.enabled = requireNonNull(enabled, "enabled");
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    if (!enabled.getAsBoolean()) {
      return AdminResponse.text(404, "metrics are disabled (metrics.enabled: false)");
    }
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    return new AdminResponse(200, ProxyMetrics.CONTENT_TYPE, body, Map.of());
  }
}
