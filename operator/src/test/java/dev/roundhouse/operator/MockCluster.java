package dev.roundhouse.operator;

import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.RolloutSettings;
import dev.roundhouse.operator.runtime.OperatorSettings;
import dev.roundhouse.operator.runtime.RoundhouseOperator;
import dev.roundhouse.operator.runtime.TolerantSerialization;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Level;

/**
 * A stand-in Kubernetes API: the fabric8 mock server in CRUD mode on 127.0.0.1, with the
 * LoadBalancer CRD applied, and operators started against it in this JVM. The mock server does not
 * implement server-side apply, so operators run with it off.
 */
public final class MockCluster implements AutoCloseable {

  /** The namespace the mock server's client works in. */
  public static final String NAMESPACE = "test";

  /** Where the generated CRD is committed, relative to the operator module. */
  public static final Path CRD = Path.of("..", "crds", "loadbalancers.roundhouse.dev-v1.yml");

  /** The example resource, relative to the operator module. */
  public static final Path EXAMPLE = Path.of("..", "examples", "loadbalancer.yaml");

  // Held so the logger (and its level) is not garbage-collected: the mock server logs every
  // request through java.util.logging.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<RoundhouseOperator> operators = new ArrayList<>();
  private final List<String> exits = new CopyOnWriteArrayList<>();
  private final ApiRequests operatorRequests = new ApiRequests();
  private boolean serving = true;

  private MockCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts the mock API server and applies the CRD. */
  public static MockCluster start() throws IOException {
    MOCK_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    // Leader election first asks the API what the operator may do with Leases; the mock server
    // has no RBAC, so it answers as a cluster that grants the chart's Lease rule would.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, leaseRules())
        .always();
    MockCluster cluster = new MockCluster(server);
    try (InputStream crd = Files.newInputStream(CRD)) {
      cluster.client.load(crd).create();
    }
    return cluster;
  }

  /**
   * Makes the mock server answer API discovery for the kinds the kubectl plugin uses, so that a
   * real {@code kubectl} can talk to it.
   */
  public void serveDiscovery() {
    String core =
        "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
    String groups =
        "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
            + group("apps", "v1")
            + ","
            + group("roundhouse.dev", "v1alpha1")
            + "]}";
    String coreResources =
        "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[]}";
    String apps =
        "{\"kind\":\"APIResourceList\",\"groupVersion\":\"apps/v1\",\"resources\":["
            + resource("controllerrevisions", "controllerrevision", "ControllerRevision", "")
            + "]}";
    String roundhouse =
        "{\"kind\":\"APIResourceList\",\"groupVersion\":\"roundhouse.dev/v1alpha1\",\"resources\":["
            + resource("loadbalancers", "loadbalancer", "LoadBalancer", "\"lb\"")
            + "]}";
    for (String query : List.of("", "?timeout=32s")) {
      server.expect().get().withPath("/api" + query).andReturn(200, core).always();
      server.expect().get().withPath("/apis" + query).andReturn(200, groups).always();
      server.expect().get().withPath("/api/v1" + query).andReturn(200, coreResources).always();
      server.expect().get().withPath("/apis/apps/v1" + query).andReturn(200, apps).always();
      server
          .expect()
          .get()
          .withPath("/apis/roundhouse.dev/v1alpha1" + query)
          .andReturn(200, roundhouse)
          .always();
    }
  }

  private static String group(String name, String version) {
    String gv =
        "{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\"" + version + "\"}";
    return "{\"name\":\"" + name + "\",\"versions\":[" + gv + "],\"preferredVersion\":" + gv + "}";
  }

  private static String resource(String plural, String singular, String kind, String shortNames) {
    return "{\"name\":\""
        + plural
        + "\",\"singularName\":\""
        + singular
        + "\",\"namespaced\":true,\"kind\":\""
        + kind
        + "\",\"shortNames\":["
        + shortNames
        + "],\"verbs\":[\"get\",\"list\",\"watch\",\"create\",\"update\",\"patch\",\"delete\"]}";
  }

  /** A client of the mock server, in namespace {@value #NAMESPACE}. */
  public KubernetesClient client() {
    return client;
  }

  /** The mock server's address, {@code http://127.0.0.1:<port>/}. */
  public String url() {
    return server.url("/");
  }

  /** Settings for an operator against the mock server: no leader election, no server-side apply. */
  public static OperatorSettings settings() {
    return new OperatorSettings(
        Set.of(),
        "ghcr.io/roundhouse-dev/proxy:test",
        false,
        null,
        "operator-under-test",
        OperatorSettings.LeaseTiming.DEFAULT,
        false);
  }

  /** Settings of a leader-electing replica named {@code identity}, with a short lease. */
  public static OperatorSettings electing(String identity) {
    return new OperatorSettings(
        Set.of(),
        "ghcr.io/roundhouse-dev/proxy:test",
        true,
        NAMESPACE,
        identity,
        new OperatorSettings.LeaseTiming(
            Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250)),
        false);
  }

  /** Starts an operator with {@link #settings()}. */
  public RoundhouseOperator startOperator() {
    return startOperator(settings(), new SimpleMeterRegistry());
  }

  /** Starts an operator with its own client, as a separate replica would have. */
  public RoundhouseOperator startOperator(
      OperatorSettings settings, io.micrometer.core.instrument.MeterRegistry registry) {
    RoundhouseOperator operator =
        new RoundhouseOperator(
            server.createClient(
                b ->
                    b.withKubernetesSerialization(new TolerantSerialization())
                        .withHttpClientBuilderConsumer(
                            h -> h.addOrReplaceInterceptor("requests", operatorRequests))),
            settings,
            registry,
            () -> exits.add(settings.identity()));
    operator.start();
    operators.add(operator);
    return operator;
  }

  /**
   * The identities of the operators that asked for their process to exit (a lost lease, a watch
   * that died), in order; empty while every operator runs as it should.
   */
  public List<String> exits() {
    return List.copyOf(exits);
  }

  /** The API requests of every operator started here, in order. */
  ApiRequests operatorRequests() {
    return operatorRequests;
  }

  /**
   * The example resource, {@code examples/loadbalancer.yaml}, in namespace {@value #NAMESPACE},
   * with {@code rollout.enabled: false}: its backends ({@code backend1:9001}...) exist nowhere, so
   * the operator's health gate would hold every edit of them. {@code RolloutIT} gates and watches
   * real backends.
   */
  public LoadBalancer example() throws IOException {
    try (InputStream in = Files.newInputStream(EXAMPLE)) {
      LoadBalancer lb = client.getKubernetesSerialization().unmarshal(in, LoadBalancer.class);
      lb.getMetadata().setNamespace(NAMESPACE);
      lb.setSpec(lb.getSpec().withRollout(RolloutSettings.DISABLED));
      return lb;
    }
  }

  /** Waits until {@code condition} holds, retrying assertion failures, for up to 20 s. */
  /**
   * Edits the LoadBalancer {@code name} as {@code kubectl edit} would, and, as a user does, tries
   * again on a 409: the operator's status writes change the resource version between the read and
   * the patch.
   */
  public LoadBalancer edit(String name, UnaryOperator<LoadBalancer> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client().resources(LoadBalancer.class).withName(name).edit(edit);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  public static void eventually(Runnable condition) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(condition::run);
  }

  /**
   * Stops the API server, as a control-plane upgrade or a network partition would take it away:
   * connections are refused from now on.
   */
  public void stopApiServer() {
    if (serving) {
      serving = false;
      server.destroy();
    }
  }

  @Override
  public void close() {
    for (RoundhouseOperator operator : operators) {
      operator.stop();
    }
    client.close();
    stopApiServer();
  }

  private static SelfSubjectRulesReview leaseRules() {
    return new SelfSubjectRulesReviewBuilder()
        .withNewStatus()
        .withIncomplete(false)
        .withResourceRules(
            new ResourceRuleBuilder()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .build())
        .endStatus()
        .build();
  }
}
