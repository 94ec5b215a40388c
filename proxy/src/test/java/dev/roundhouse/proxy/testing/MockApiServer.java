package dev.roundhouse.proxy.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * The fabric8 mock API server in CRUD mode, in this JVM, with a client of its own; and the
 * environment that points a proxy process at it, as a pod's would point it at its cluster.
 */
public final class MockApiServer implements AutoCloseable {

  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer() {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  /** A server on a free loopback port; its client's namespace is {@code test}. */
  public static MockApiServer start() {
    return new MockApiServer();
  }

  /** A client of the server. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A proxy process that reaches this server, in namespace {@code test}, and no other cluster the
   * environment may name.
   */
  public ProxyProcess.Builder proxy() {
    return ProxyProcess.builder()
        .withoutEnv(
            name ->
                name.startsWith("KUBERNETES")
                    || name.equals("KUBECONFIG")
                    || name.equals("POD_NAMESPACE"))
        .env("KUBERNETES_MASTER", server.url("/"))
        .env("KUBERNETES_NAMESPACE", "test")
        .env("KUBERNETES_AUTH_TRYKUBECONFIG", "false")
        .env("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
