package dev.roundhouse.proxy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The quick-start flags: {@code --port} (repeatable), {@code --backend} (repeatable), {@code
 * --algorithm}. Alone they make the whole config, every other setting at its default; with a file
 * or a ConfigMap they override those parts of every config the source delivers.
 *
 * @param ports the {@code --port} values; replace the frontends
 * @param backends the {@code --backend} values; replace the backends
 * @param algorithm the {@code --algorithm}, or null; replaces the algorithm
 */
record QuickStart(List<Integer> ports, List<String> backends, Algorithm algorithm) {

  /** The port of the quick start when no {@code --port} is given. */
  static final int DEFAULT_PORT = 8080;

  /** Copies the lists. */
  QuickStart {
    ports = List.copyOf(ports);
    backends = List.copyOf(backends);
  }

  /** Whether any of the flags was given. */
  boolean given() {
    return !ports.isEmpty() || !backends.isEmpty() || algorithm != null;
  }

  /** Lays the flags over a config; the result is validated again by the reloader. */
  UnaryOperator<LoadBalancerConfig> overrides() {
    if (!given()) {
      return UnaryOperator.identity();
    }
    return base -> {
      LoadBalancerConfig.Builder config = base.toBuilder();
      if (!ports.isEmpty()) {
        config.frontends(ports.stream().map(Frontend::onPort).toList());
      }
      if (!backends.isEmpty()) {
        config.backends(backends.stream().map(Backend::of).toList());
      }
      if (algorithm != null) {
        config.algorithm(algorithm);
      }
      return config.build();
    };
  }

  /** The config of the flags alone, as YAML: port 8080 unless {@code --port} says otherwise. */
  String yaml() {
    LoadBalancerConfig alone =
        LoadBalancerConfig.builder().frontends(List.of(Frontend.onPort(DEFAULT_PORT))).build();
    return ConfigCodec.write(overrides().apply(alone));
  }
}
