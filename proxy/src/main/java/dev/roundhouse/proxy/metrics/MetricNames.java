package dev.roundhouse.proxy.metrics;

import java.time.Duration;

/**
 * Micrometer names of the roundhouse metrics. The Prometheus registry turns dots into underscores,
 * adds {@code _total} to counters and {@code _seconds} to timers, which gives the names of the
 * design: {@code roundhouse.requests} is {@code roundhouse_requests_total}.
 */
final class MetricNames {

  static final String REQUESTS = "roundhouse.requests";
  static final String REQUEST_DURATION = "roundhouse.request.duration";
  static final String BACKEND_UP = "roundhouse.backend.up";
  static final String BACKEND_ACTIVE_REQUESTS = "roundhouse.backend.active.requests";
  static final String FRONTEND_CONNECTIONS = "roundhouse.frontend.connections.active";
  static final String BACKEND_ERRORS = "roundhouse.backend.errors";
  static final String HEALTH_CHECKS = "roundhouse.health.checks";
  static final String RETRIES = "roundhouse.retries";
  static final String SESSION_PERSISTENCE = "roundhouse.session.persistence";
  static final String BACKEND_EJECTED = "roundhouse.backend.ejected";
  static final String OUTLIER_EJECTIONS = "roundhouse.outlier.ejections";
  static final String PANIC_MODE = "roundhouse.panic.mode";
  static final String RETRIES_REFUSED = "roundhouse.retries.refused";
  static final String CLIENT_TIMEOUTS = "roundhouse.client.timeouts";
  static final String CONNECTIONS_REJECTED = "roundhouse.connections.rejected";
  static final String FRONTEND_ACCEPT_PAUSED = "roundhouse.frontend.accept.paused";
  static final String UPGRADES = "roundhouse.upgrades";
  static final String TUNNELS_ACTIVE = "roundhouse.tunnels.active";
  static final String CONFIG_RELOADS = "roundhouse.config.reloads";
  static final String CONFIG_REVISION = "roundhouse.config.revision";

  static final String FRONTEND = "frontend";
  static final String BACKEND = "backend";
  static final String METHOD = "method";
  static final String CODE = "code";
  static final String TYPE = "type";
  static final String RESULT = "result";
  static final String PHASE = "phase";
  static final String REASON = "reason";

  /**
   * Bucket bounds of the request duration histogram: from a millisecond (a cached answer on the
   * same host) to a minute (the default request timeout), about three per decade.
   */
  static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private MetricNames() {}
}
