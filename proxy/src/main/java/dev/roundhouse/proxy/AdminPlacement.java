package dev.roundhouse.proxy;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flags {@code --admin-port} and {@code --admin-address}: where the admin server listens,
 * whatever the config's {@code metrics.port} and {@code metrics.address} say, on the first load and
 * on every reload. In a pod the kubelet probes the admin port named in the pod template; a hot
 * reload that moved the admin server away from it would fail every probe. The operator gives the
 * port here and rolls the pods when {@code metrics.port} changes.
 *
 * @param port the {@code --admin-port}, or null to follow the config
 * @param address the {@code --admin-address}, or null to follow the config
 */
record AdminPlacement(Integer port, String address) {

  private static final Logger log = LoggerFactory.getLogger(AdminPlacement.class);

  /** Whether either flag was given. */
  boolean given() {
    return port != null || address != null;
  }

  /** Lays the flags over a config, saying so when the config asked for something else. */
  UnaryOperator<LoadBalancerConfig> overrides() {
    if (!given()) {
      return UnaryOperator.identity();
    }
    return base -> {
      Metrics asked = base.metrics();
      Metrics placed =
          new Metrics(
              asked.enabled(),
              Objects.requireNonNullElse(port, asked.port()),
              Objects.requireNonNullElse(address, asked.address()));
      if (!placed.equals(asked)) {
        log.info(
            "The config's admin server {}:{} (metrics.address:metrics.port) is overridden by the"
                + " command line: it stays on {}:{}; restart with other flags to move it",
            asked.address(),
            asked.port(),
            placed.address(),
            placed.port());
      }
      return base.toBuilder().metrics(placed).build();
    };
  }
}
