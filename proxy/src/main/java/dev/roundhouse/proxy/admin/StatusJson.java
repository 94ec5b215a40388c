package dev.roundhouse.proxy.admin;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.backend.Health;
import dev.roundhouse.proxy.config.ConfigRevision;
import dev.roundhouse.proxy.config.Rejection;
import dev.roundhouse.proxy.config.ReloaderState;
import dev.roundhouse.proxy.health.ProbeResult;
import dev.roundhouse.proxy.tls.TlsStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code /status}, serialized as JSON in this shape:
 *
 * <pre>{@code
 * {"revision": 3, "ready": true, "readiness": "ready",
 *  "config": {"revision": 3, "source": "file /etc/roundhouse/config.yaml",
 *             "acceptedAt": "2025-01-01T09:58:00Z", "rolledBack": false,
 *             "lastRejection": {"at": "2025-01-01T09:59:00Z", "source": "file ...",
 *                               "problems": [{"path": "backends[0]", "message": "..."}]}},
 *  "frontends": [{"name": "8080", "port": 8080, "connections": 2, "tls": null},
 *                {"name": "8443", "port": 8443, "connections": 5,
 *                 "tls": {"engine": "OpenSSL", "lastRejection": null,
 *                         "certificates": [{"file": "/etc/tls/tls.crt", "subject": "CN=example.com",
 *                                           "serverNames": ["example.com"],
 *                                           "notAfter": "2025-03-01T00:00:00Z"}]}}],
 *  "backends": [{"url": "http://b1:9001", "address": "http://b1:9001", "weight": 1,
 *                "health": "down", "available": false, "ejected": false,
 *                "reason": "3 failed checks in a row, last: connection refused",
 *                "since": "2025-01-01T10:00:03Z", "inFlight": 0, "requests": 1234,
 *                "lastCheck": {"result": "failure", "detail": "connection refused",
 *                              "at": "2025-01-01T10:00:03Z", "durationMs": 0.4}}],
 *  "dynamicBackends": [{"backend": "service web:http", "weight": 1,
 *                       "endpoints": [{"address": "http://10.1.0.7:8080", "pod": "web-5d8f-x2", "zone": "a",
 *                                      "readiness": "ready", "inRotation": true, "health": "up"}]}],
 *  "totals": {"backends": 3, "backendsUp": 2, "inFlight": 5, "requests": 3702, "connections": 2},
 *  "balancing": {"algorithm": "round-robin",
 *                "sessionPersistence": {"type": "cookie", "name": "RH_BACKEND",
 *                                       "cookies": {"http://b1:9001": "pX3...", ...}}}}
 * }</pre>
 *
 * @param revision the revision of the config in force
 * @param ready whether {@code /readyz} answers 200
 * @param readiness why (not) ready
 * @param config the config in force and the last one refused
 * @param frontends each frontend with its open client connections
 * @param backends each backend with its health and load: a dynamic backend's endpoints each
 * @param dynamicBackends each Service or {@code resolve: all} backend with its endpoints, their
 *     pod, zone, readiness and health; a {@code problem} when none is in rotation
 * @param totals sums over frontends and backends
 * @param balancing the algorithm and the balancing policies in force, with their state
 */
record StatusJson(
    long revision,
    boolean ready,
    String readiness,
    ConfigStatus config,
    List<FrontendStatus> frontends,
    List<BackendStatus> backends,
    List<Map<String, Object>> dynamicBackends,
    Totals totals,
    Map<String, Object> balancing) {

  /**
   * The config in force: its revision, where it came from, when it was first accepted, whether an
   * admin rolled back to it (it then stays until the source's content changes); and the last config
   * refused (kept after later successes: compare the times), or null if none ever was.
   */
  record ConfigStatus(
      long revision,
      String source,
      String acceptedAt,
      boolean rolledBack,
      RejectionStatus lastRejection) {

    static ConfigStatus of(ReloaderState status) {
      return new ConfigStatus(
          status.active().map(ConfigRevision::number).orElse(0L),
          status.active().map(ConfigRevision::origin).orElse(null),
          status.active().map(r -> r.acceptedAt().toString()).orElse(null),
          status.rolledBack(),
          status.lastRejection().map(RejectionStatus::of).orElse(null));
    }
  }

  /** A refused config: when, from where, and every problem with its path. */
  record RejectionStatus(String at, String source, List<ProblemStatus> problems) {
    static RejectionStatus of(Rejection rejection) {
      return new RejectionStatus(
          rejection.at().toString(),
          rejection.origin(),
          rejection.problems().stream()
              .map(v -> new ProblemStatus(v.path(), v.message()))
              .toList());
    }
  }

  /** One problem of a refused config; the path is empty for a problem of the whole config. */
  record ProblemStatus(String path, String message) {}

  /** A frontend in {@code /status}; {@code tls} is null on a plain HTTP frontend. */
  record FrontendStatus(String name, int port, int connections, TlsStatus tls) {
    static FrontendStatus of(Frontend frontend, int connections, TlsStatus tls) {
      return new FrontendStatus(frontend.label(), frontend.port(), connections, tls);
    }
  }

  /** A backend in {@code /status}; {@code lastCheck} is null until it is first checked. */
  record BackendStatus(
      String url,
      String address,
      int weight,
      String health,
      boolean available,
      boolean ejected,
      String reason,
      String since,
      int inFlight,
      long requests,
      CheckStatus lastCheck) {

    static BackendStatus of(BackendState state, Optional<ProbeResult> lastCheck) {
      Health health = state.health();
      return new BackendStatus(
          state.backend().url(),
          state.address(),
          state.backend().weight(),
          health.up() ? "up" : "down",
          state.available(),
          state.ejected(),
          health.reason(),
          health.since().toString(),
          state.inFlight(),
          state.requestsTotal(),
          lastCheck.map(CheckStatus::of).orElse(null));
    }
  }

  /** The latest active check of a backend. */
  record CheckStatus(String result, String detail, String at, double durationMs) {
    static CheckStatus of(ProbeResult result) {
      return new CheckStatus(
          result.label(),
          result.detail(),
          result.at().toString(),
          result.took().toNanos() / 1000 / 1000.0);
    }
  }

  /** Sums over frontends and backends. */
  record Totals(int backends, int backendsUp, int inFlight, long requests, int connections) {}
}
