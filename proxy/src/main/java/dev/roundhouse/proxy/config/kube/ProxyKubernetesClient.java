package dev.roundhouse.proxy.config.kube;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The Kubernetes client of {@code --configmap} mode, configured from the environment like {@code
 * kubectl} (in-cluster service account, {@code KUBECONFIG}, or {@code KUBERNETES_MASTER} and the
 * other {@code KUBERNETES_*} variables) and tuned to notice an API outage quickly.
 *
 * <p>fabric8 retries a failed request up to 10 times with a doubling back-off by default, which
 * hides an outage for about 20 s behind a single call. The proxy only reads one ConfigMap and has a
 * config to serve meanwhile, so it retries twice and moves on; the watch and the probe retry on
 * their own schedule anyway.
 */
public final class ProxyKubernetesClient {

  static final int RETRIES = 2;
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private ProxyKubernetesClient() {}

  /** A client from the environment. */
  public static KubernetesClient fromEnvironment() {
    return create(Config.autoConfigure(null));
  }

  /** A client from {@code config}, with the proxy's retry and timeout settings. */
  public static KubernetesClient create(Config config) {
    requireNonNull(config, "config");
    Config tuned =
        new ConfigBuilder(config)
            .withRequestRetryBackoffLimit(RETRIES)
            .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
            .build();
    return new KubernetesClientBuilder().withConfig(tuned).build();
  }
}
