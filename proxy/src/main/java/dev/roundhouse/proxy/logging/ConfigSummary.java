package dev.roundhouse.proxy.logging;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import java.util.stream.Collectors;

/**
 * One line that tells an operator what a config does, for the startup and reload logs: {@code
 * revision 3: frontends [8080, api:8081] -> 3 backends [http://b1:9001, http://b2:9002 (weight 3),
 * ...], round-robin; health GET /health every 10s (timeout 2s, down after 3, up after 2, passive
 * after 5); logging info json, access log on; metrics on :9090}.
 */
public final class ConfigSummary {

  private ConfigSummary() {}

  /** The summary of {@code config}, in force as {@code revision}. */
  public static String of(LoadBalancerConfig config, long revision) {
    return "revision " + revision + ": " + of(config);
  }

  /** The summary of {@code config}: {@code frontends [8080] -> 1 backend [...], ...}. */
  public static String of(LoadBalancerConfig config) {
    return "frontends "
        + config.frontends().stream().map(ConfigSummary::frontend).toList()
        + " -> "
        + config.backends().size()
        + (config.backends().size() == 1 ? " backend " : " backends ")
        + config.backends().stream()
            .map(ConfigSummary::backend)
            .collect(Collectors.joining(", ", "[", "]"))
        + ", "
        + config.algorithm()
        + "; health "
        + healthChecks(config.healthcheck())
        + "; logging "
        + config.logging().level()
        + " "
        + config.logging().format()
        + ", access log "
        + (config.logging().accessLog() ? "on" : "off")
        + "; metrics "
        + (config.metrics().enabled() ? "on" : "off (health endpoints only)")
        + " "
        + adminAddress(config.metrics());
  }

  /** {@code :9090} on the default address, {@code 127.0.0.1:9090} on another. */
  public static String adminAddress(Metrics metrics) {
    return (metrics.address().equals(Metrics.DEFAULT_ADDRESS) ? "" : metrics.address())
        + ":"
        + metrics.port();
  }

  private static String frontend(Frontend f) {
    return f.name() == null ? String.valueOf(f.port()) : f.name() + ":" + f.port();
  }

  private static String backend(Backend b) {
    return b.url() + (b.weight() == Backend.DEFAULT_WEIGHT ? "" : " (weight " + b.weight() + ")");
  }

  /**
   * The health-check settings in a few words, for the startup summary and the reload log: {@code
   * GET /health every 10s (timeout 2s, down after 3, up after 2, passive after 5)}, or {@code
   * active checks off, passive off}.
   */
  public static String healthChecks(HealthCheck h) {
    String passive =
        h.passiveThreshold() == 0 ? "passive off" : "passive after " + h.passiveThreshold();
    if (!h.enabled()) {
      return "active checks off, " + passive;
    }
    return "GET "
        + h.path()
        + " every "
        + GoDuration.format(h.interval())
        + " (timeout "
        + GoDuration.format(h.timeout())
        + ", down after "
        + h.unhealthyThreshold()
        + ", up after "
        + h.healthyThreshold()
        + ", "
        + passive
        + ")";
  }
}
