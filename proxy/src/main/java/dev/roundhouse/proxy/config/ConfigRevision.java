package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.LoadBalancerConfig;
import java.time.Instant;

/**
 * An accepted config with its number: what {@code /status}, {@code /admin/revisions} and {@code
 * roundhouse_config_revision} show.
 *
 * @param number the revision number, at least 1: the source's (ConfigMap annotation) or the next
 *     local one
 * @param config the validated config, quick-start overrides already applied
 * @param origin where it came from ({@code file /etc/x.yaml}, {@code configmap prod/web})
 * @param acceptedAt when it was first accepted; a rollback to it does not change this
 */
public record ConfigRevision(
    long number, LoadBalancerConfig config, String origin, Instant acceptedAt) {

  /** Checks the parts. */
  public ConfigRevision {
    if (number < 1) {
      throw new IllegalArgumentException("a revision number is at least 1, not " + number);
    }
    requireNonNull(config, "config");
    requireNonNull(origin, "origin");
    requireNonNull(acceptedAt, "acceptedAt");
  }

  /** A short description for logs: {@code 2 frontends, 3 backends, round-robin}. */
  public String summary() {
    return count(config.frontends().size(), "frontend")
        + ", "
        + count(config.backends().size(), "backend")
        + ", "
        + config.algorithm();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
