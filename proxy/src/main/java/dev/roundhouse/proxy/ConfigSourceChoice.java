package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.config.ConfigSource;
import dev.roundhouse.proxy.config.FixedConfigSource;
import dev.roundhouse.proxy.config.file.FileConfigSource;
import dev.roundhouse.proxy.config.kube.ConfigMapConfigSource;
import dev.roundhouse.proxy.config.kube.ProxyKubernetesClient;
import dev.roundhouse.proxy.discovery.KubernetesAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The config source the command line names, and what must be closed with it.
 *
 * @param source where configs come from
 * @param resources closed after the source (the Kubernetes client of ConfigMap mode)
 * @param kubernetes the Kubernetes API of ConfigMap mode, where service backends are read; null
 *     otherwise
 */
record ConfigSourceChoice(
    ConfigSource source, AutoCloseable resources, @Nullable KubernetesAccess kubernetes) {

  /** Checks the parts. */
  ConfigSourceChoice {
    requireNonNull(source, "source");
    requireNonNull(resources, "resources");
  }

  /**
   * {@code --config FILE}, {@code --configmap NAME [--namespace NS]}, or the quick-start flags
   * alone.
   *
   * @throws IllegalArgumentException when there is nothing to proxy
   */
  static ConfigSourceChoice of(
      Path file, String configMap, String namespace, QuickStart quick, Map<String, String> env) {
    if (file != null) {
      KubernetesAccess api = KubernetesAccess.fromEnvironment(env, home(env));
      return new ConfigSourceChoice(new FileConfigSource(file), api == null ? () -> {} : api, api);
    }
    if (configMap != null) {
      KubernetesClient client = ProxyKubernetesClient.fromEnvironment();
      String ns = ConfigMapConfigSource.namespace(namespace, env, client);
      return new ConfigSourceChoice(
          new ConfigMapConfigSource(client, ns, configMap),
          client,
          KubernetesAccess.of(client, ns));
    }
    if (quick.backends().isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to proxy: give --config FILE, --configmap NAME, or at least one --backend URL"
              + " (see --help)");
    }
    return new ConfigSourceChoice(
        new FixedConfigSource("the command line (--port, --backend, --algorithm)", quick.yaml()),
        () -> {},
        null);
  }

  /** The user's home directory, where {@code ~/.kube/config} would be. */
  static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }
}
