package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.config.admin.AdminToken;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the proxy process runs, from its command line (what it routes comes from the config source).
 *
 * @param options event loops, limits, TLS of the data path
 * @param overrides the quick-start flags laid over every config
 * @param revisionHistory accepted configs kept for local rollback ({@code --revision-history})
 * @param adminToken unlocks {@code POST /admin/*}; empty: those are off
 * @param shutdownDelay from SIGTERM ({@code /readyz} 503) to closing the listeners
 * @param drainTimeout bound on finishing the requests in flight at shutdown
 */
record LaunchSettings(
    ProxyOptions options,
    UnaryOperator<LoadBalancerConfig> overrides,
    int revisionHistory,
    Optional<AdminToken> adminToken,
    Duration shutdownDelay,
    Duration drainTimeout) {

  /** Checks the parts. */
  LaunchSettings {
    requireNonNull(options, "options");
    requireNonNull(overrides, "overrides");
    requireNonNull(adminToken, "adminToken");
    requireNonNull(shutdownDelay, "shutdownDelay");
    requireNonNull(drainTimeout, "drainTimeout");
  }
}
