package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.config.kube.ConfigMapConfigSource;
import dev.roundhouse.proxy.config.kube.ProxyKubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes API where service backends' EndpointSlices are read: the client of {@code
 * --configmap} mode, or, for a proxy started from a file or flags, the API its environment
 * configures as for {@code kubectl}, connected at the first service backend (a proxy without one
 * never loads the client).
 */
public final class KubernetesAccess implements AutoCloseable {

  private final Supplier<KubernetesClient> connect;
  private final boolean owned;
  private final Map<String, String> env;
  private @Nullable KubernetesClient client;
  private @Nullable String namespace;

  private KubernetesAccess(
      Supplier<KubernetesClient> connect,
      boolean owned,
      @Nullable String namespace,
      Map<String, String> env) {
    this.connect = connect;
    this.owned = owned;
    this.namespace = namespace;
    this.env = Map.copyOf(env);
  }

  /** The API of {@code --configmap} mode: its client, and the namespace of its ConfigMap. */
  public static KubernetesAccess of(KubernetesClient client, String namespace) {
    requireNonNull(client, "client");
    return new KubernetesAccess(
        () -> client, false, requireNonNull(namespace, "namespace"), Map.of());
  }

  /**
   * The API that {@code env} (and {@code home}, the user's home directory) configures, as {@code
   * kubectl} finds it: in a pod ({@code KUBERNETES_SERVICE_HOST}), {@code KUBECONFIG}, {@code
   * KUBERNETES_MASTER}, or {@code ~/.kube/config}; null when none is. The namespace is {@code
   * POD_NAMESPACE}, else the client's (kubeconfig context, or the pod's service account).
   */
  public static @Nullable KubernetesAccess fromEnvironment(Map<String, String> env, Path home) {
    boolean configured =
        present(env, "KUBERNETES_SERVICE_HOST")
            || present(env, "KUBECONFIG")
            || present(env, "KUBERNETES_MASTER")
            || Files.isRegularFile(home.resolve(".kube").resolve("config"));
    return configured
        ? new KubernetesAccess(ProxyKubernetesClient::fromEnvironment, true, null, env)
        : null;
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  /** The client, connected now if it was not yet. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = connect.get();
    }
    return client;
  }

  /** The namespace the Services are looked up in: the proxy's own. */
  public synchronized String namespace() {
    if (namespace == null) {
      namespace = ConfigMapConfigSource.namespace(null, env, client());
    }
    return namespace;
  }

  /** Closes the client if this access made it. */
  @Override
  public synchronized void close() {
    if (owned && client != null) {
      client.close();
    }
  }
}
