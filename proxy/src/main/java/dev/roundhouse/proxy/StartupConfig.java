package dev.roundhouse.proxy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.InvalidConfigException;
import dev.roundhouse.api.LoadBalancerConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The config the proxy starts with: the file's, with the quick-start flags laid over it ({@code
 * --port} replaces the frontends, {@code --backend} the backends, {@code --algorithm} the
 * algorithm), or without a file a config of the flags and the documented defaults.
 */
final class StartupConfig {

  /** The default quick-start port. */
  static final int DEFAULT_PORT = 8080;

  private StartupConfig() {}

  /** A config that cannot be used, with the reason in the message. */
  static final class Unusable extends Exception {
    Unusable(String message) {
      super(message);
    }
  }

  /**
   * Loads and validates the config.
   *
   * @param file the config file, or null
   * @throws Unusable when there is nothing to start from or the file cannot be read
   * @throws InvalidConfigException with every problem of the result
   */
  static LoadBalancerConfig load(
      Path file, List<Integer> ports, List<String> backends, Algorithm algorithm)
      throws Unusable, InvalidConfigException {
    LoadBalancerConfig base;
    if (file != null) {
      try {
        base = ConfigCodec.read(file);
      } catch (NoSuchFileException e) {
        throw new Unusable("config file " + file + " does not exist");
      } catch (IOException e) {
        throw new Unusable("cannot read config file " + file + ": " + e);
      }
    } else if (backends.isEmpty()) {
      throw new Unusable(
          "nothing to proxy: give --config FILE, or at least one --backend URL (see --help)");
    } else {
      base = LoadBalancerConfig.of(List.of(Frontend.onPort(DEFAULT_PORT)), List.of());
    }
    LoadBalancerConfig merged =
        new LoadBalancerConfig(
            ports.isEmpty() ? base.frontends() : ports.stream().map(Frontend::onPort).toList(),
            backends.isEmpty() ? base.backends() : backends.stream().map(Backend::of).toList(),
            algorithm != null ? algorithm : base.algorithm(),
            base.healthcheck(),
            base.timeouts(),
            base.retries(),
            base.logging(),
            base.metrics());
    return ConfigValidator.requireValid(merged);
  }
}
