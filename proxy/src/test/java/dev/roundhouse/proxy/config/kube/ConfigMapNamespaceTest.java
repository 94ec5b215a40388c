package dev.roundhouse.proxy.config.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which namespace {@code --configmap} reads from. No API server is contacted. */
class ConfigMapNamespaceTest {

  private final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder(Config.empty())
                  .withMasterUrl("https://127.0.0.1:1")
                  .withNamespace("from-kubeconfig")
                  .build())
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void theFlagWinsThenThePodsNamespaceThenTheClients() {
    Map<String, String> pod = Map.of("POD_NAMESPACE", "from-pod");

    assertThat(ConfigMapConfigSource.namespace("from-flag", pod, client)).isEqualTo("from-flag");
    assertThat(ConfigMapConfigSource.namespace(null, pod, client)).isEqualTo("from-pod");
    assertThat(ConfigMapConfigSource.namespace(null, Map.of(), client))
        .isEqualTo("from-kubeconfig");
    assertThat(ConfigMapConfigSource.namespace(" ", Map.of("POD_NAMESPACE", ""), client))
        .isEqualTo("from-kubeconfig");
  }
}
