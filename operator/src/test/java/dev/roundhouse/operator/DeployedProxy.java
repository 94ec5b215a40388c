package dev.roundhouse.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The proxy as a process started exactly as the operator's Deployment starts it (the container's
 * args and environment), with the mock API server's address in place of the in-cluster one.
 */
final class DeployedProxy {

  static final Path PROXY_JAR = Path.of("..", "proxy", "target", "roundhouse-proxy.jar");

  private DeployedProxy() {}

  /** Whether the proxy jar is built and offers its {@code --configmap} mode. */
  static boolean available() throws IOException, InterruptedException {
    if (!Files.exists(PROXY_JAR)) {
      return false;
    }
    Process help =
        new ProcessBuilder(java(), "-jar", PROXY_JAR.toString(), "--help")
            .redirectErrorStream(true)
            .start();
    String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return help.waitFor(20, TimeUnit.SECONDS) && text.contains("--configmap");
  }

  /** The proxy process with the container's args and environment, as the kubelet would run it. */
  static Process start(Deployment deployment, MockCluster cluster) throws IOException {
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command = new ArrayList<>(List.of(java(), "-jar", PROXY_JAR.toString()));
    command.addAll(container.getArgs());
    Path log = Files.createTempFile("proxy", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBERNETES") || k.equals("KUBECONFIG"));
    for (EnvVar var : container.getEnv()) {
      // The downward API's metadata.namespace is the pod's namespace.
      env.put(
          var.getName(),
          var.getValue() != null ? var.getValue() : deployment.getMetadata().getNamespace());
    }
    env.put("KUBERNETES_MASTER", cluster.url());
    env.put("KUBERNETES_NAMESPACE", MockCluster.NAMESPACE);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    return builder.start();
  }

  /** Stops {@code proxy} with SIGTERM, as the kubelet does, and waits for it. */
  static void stop(Process proxy) throws InterruptedException {
    if (proxy != null) {
      proxy.destroy();
      if (!proxy.waitFor(40, TimeUnit.SECONDS)) {
        proxy.destroyForcibly();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
