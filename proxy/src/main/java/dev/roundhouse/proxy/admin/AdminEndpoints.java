package dev.roundhouse.proxy.admin;

import dev.roundhouse.proxy.health.HealthChecker;
import dev.roundhouse.proxy.metrics.ProxyMetrics;
import java.util.function.BooleanSupplier;

/**
 * Installs the standard admin endpoints:
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 {@code ok} while the process runs (liveness);
 *   <li>{@code GET /readyz}: 200 {@code ready}, or 503 with the reason (readiness);
 *   <li>{@code GET /metrics}: Prometheus text format; 404 while {@code metrics.enabled} is false;
 *   <li>{@code GET /status}: JSON, see {@link StatusJson}.
 * </ul>
 */
public final class AdminEndpoints {

  private AdminEndpoints() {}

  /**
   * Adds the standard endpoints to {@code routes}.
   *
   * @param metricsEnabled whether {@code /metrics} is served now (the config's {@code
   *     metrics.enabled}, read at each request)
   */
  public static AdminRoutes install(
      AdminRoutes routes,
      Readiness readiness,
      StatusSource status,
      HealthChecker checker,
      ProxyMetrics metrics,
      BooleanSupplier metricsEnabled) {
    return routes
        .get("/healthz", request -> AdminResponse.text(200, "ok"))
        .get(
            "/readyz",
            request -> {
              Readiness.State state = readiness.check();
              return AdminResponse.text(state.ready() ? 200 : 503, state.reason());
            })
        .get("/metrics", new MetricsEndpoint(metrics, metricsEnabled))
        .get(
            "/status",
            new StatusEndpoint(status, readiness, checker::lastCheck, metrics::openConnections));
  }
}
