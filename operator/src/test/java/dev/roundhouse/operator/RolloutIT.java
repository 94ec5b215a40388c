package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.PortRef;
import dev.roundhouse.api.ServiceRef;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import dev.roundhouse.api.v1alpha1.RolloutSettings;
import dev.roundhouse.backend.testing.FreePorts;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health-gated rollouts end to end: the operator against the mock API server, a real proxy process
 * started as the Deployment starts it, real backends on 127.0.0.2 and up, and load through the
 * proxy the whole time.
 */
class RolloutIT {

  private MockCluster cluster;
  private KubernetesClient client;
  private SimpleMeterRegistry metrics;
  private final Map<String, HttpServer> backends = new ConcurrentHashMap<>();
  private final List<String> configMapRevisions = new CopyOnWriteArrayList<>();
  private Watch configMapWatch;
  private Process proxy;
  private Load load;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    cluster = MockCluster.start();
    client = cluster.client();
    metrics = new SimpleMeterRegistry();
    cluster.startOperator(MockCluster.settings(), metrics);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (load != null) {
      load.close();
    }
    if (configMapWatch != null) {
      configMapWatch.close();
    }
    DeployedProxy.stop(proxy);
    backends.values().forEach(b -> b.stop(0));
    cluster.close();
  }

  @Test
  void aRevisionToAClosedPortIsHeldAndTrafficNeverLeavesTheOldBackends() throws Exception {
    assumeProxy();
    String a = backend("a", "127.0.0.2");
    String b = backend("b", "127.0.0.3");
    String closed = "http://127.0.0.4:" + FreePorts.next();
    int port = FreePorts.next();
    int admin = FreePorts.next();
    startProxy(create(config(port, admin, a, b), rollout("3s", "60s")), admin);
    load = new Load(port);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> load.answeredBy().containsAll(List.of("a", "b")));

    edit(s -> Specs.withBackends(s, closed));

    eventually(
        () -> {
          assertThat(condition("Progressing").getReason()).isEqualTo("HealthGate");
          assertThat(status().getDesiredRevision()).isEqualTo(2L);
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition("Progressing").getReason())
                    .isEqualTo("RevisionFailedHealthGate"));
    Condition held = condition("Progressing");
    assertThat(held.getStatus()).isEqualTo("False");
    assertThat(held.getMessage())
        .startsWith(
            "revision 2 is held: 0 of 1 backends healthy (1 required): "
                + closed
                + " connection refused")
        .contains("revision 1 stays in force");
    assertThat(status().getCurrentRevision()).isEqualTo(1L);
    assertThat(status().getDesiredRevision()).isEqualTo(2L);
    assertThat(events("RevisionHeld"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(closed));
    assertThat(gauge("roundhouse.operator.rollout.held.revisions")).isEqualTo(1.0);
    assertThat(counter("roundhouse.operator.rollout.gates", "result", "held")).isEqualTo(1.0);
    // The user's spec stays as written.
    assertThat(lb().getSpec().config().backends()).containsExactly(Backend.of(closed));

    // Traffic for a few more seconds: still the old backends only, nothing failed.
    int before = load.total();
    await().atMost(Duration.ofSeconds(20)).until(() -> load.total() > before + 50);
    load.close();
    assertThat(load.failures())
        .as("failed requests during the gate: %s", load.failureDetails())
        .isZero();
    assertThat(load.answeredBy()).containsOnly("a", "b");
    assertThat(configMapRevisions).as("ConfigMap revisions seen").containsOnly("1");
    assertThat(revisionOfConfigMap()).isEqualTo("1");

    // A later spec change starts a new gate; healthy backends go live.
    String c = backend("c", "127.0.0.5");
    edit(s -> Specs.withBackends(s, c));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(3L));
    assertThat(status().getDesiredRevision()).isEqualTo(3L);
    assertThat(revisionOfConfigMap()).isEqualTo("3");
    await().atMost(Duration.ofSeconds(20)).until(() -> get(port).body().equals("c"));
    eventually(() -> assertThat(gauge("roundhouse.operator.rollout.held.revisions")).isZero());
    assertThat(configMapRevisions).doesNotContain("2");
  }

  @Test
  void backendsDyingAfterTheRevisionWentLiveAreRolledBack() throws Exception {
    assumeProxy();
    String a = backend("a", "127.0.0.2");
    String c = backend("c", "127.0.0.3");
    int port = FreePorts.next();
    int admin = FreePorts.next();
    startProxy(create(config(port, admin, a), rollout("10s", "2m")), admin);
    load = new Load(port);
    await().atMost(Duration.ofSeconds(20)).until(() -> load.answeredBy().contains("a"));

    edit(s -> Specs.withBackends(s, c));
    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    await().atMost(Duration.ofSeconds(20)).until(() -> load.lastAnsweredBy().equals("c"));

    // The scenario: the new backends die after they went live and served for a while (issue 16
    // said 10 s; what matters is that the revision is live and watched, not how long).
    int servedBefore = load.answers("c");
    await().atMost(Duration.ofSeconds(60)).until(() -> load.answers("c") >= servedBefore + 300);
    int failedBefore = load.failures();
    backends.remove("c").stop(0);

    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(revisionOfConfigMap()).isEqualTo("1"));
    // The ConfigMap is written before the status.
    eventually(
        () -> {
          Condition rolledBack = condition("RolledBack");
          assertThat(rolledBack.getStatus()).isEqualTo("True");
          assertThat(rolledBack.getReason()).isEqualTo("RevisionFailedAfterRollout");
          assertThat(rolledBack.getMessage())
              .startsWith(
                  "revision 2 failed after it went live: 0 of 1 backends healthy (1 required): "
                      + c)
              .contains("the proxies are back on revision 1");
          assertThat(status().getCurrentRevision()).isEqualTo(1L);
          assertThat(status().getDesiredRevision()).isEqualTo(2L);
        });
    assertThat(events("RevisionFailedAfterRollout")).hasSize(1);
    assertThat(
            counter(
                "roundhouse.operator.rollout.rollbacks", "reason", "RevisionFailedAfterRollout"))
        .isEqualTo(1.0);

    // Traffic returns to the good backend.
    await().atMost(Duration.ofSeconds(20)).until(() -> load.lastAnsweredBy().equals("a"));
    int failedDuring = load.failures() - failedBefore;
    int failedAfter = load.failures();
    int total = load.total();
    await().atMost(Duration.ofSeconds(20)).until(() -> load.total() > total + 50);
    load.close();
    System.out.printf(
        "RolloutIT: %d requests failed between the backends dying and the rollback (%d sent in all)%n",
        failedDuring, load.total());
    assertThat(failedDuring).as("requests failed while the dead revision served").isPositive();
    assertThat(load.failures()).as("requests failed after the rollback").isEqualTo(failedAfter);
    assertThat(configMapRevisions).containsSubsequence("1", "2", "1");
  }

  @Test
  void promoteForcesAHeldRevisionLive() throws Exception {
    String a = backend("a", "127.0.0.2");
    String closed = "http://127.0.0.4:" + FreePorts.next();
    create(config(FreePorts.next(), FreePorts.next(), a), rollout("2s", "60s"));
    edit(s -> Specs.withBackends(s, closed));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition("Progressing").getReason())
                    .isEqualTo("RevisionFailedHealthGate"));
    assertThat(revisionOfConfigMap()).isEqualTo("1");

    cluster.edit(
        "web",
        lb -> {
          lb.getMetadata().getAnnotations().put(LoadBalancer.PROMOTE_ANNOTATION, "2");
          return lb;
        });

    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    eventually(
        () -> {
          assertThat(status().getCurrentRevision()).isEqualTo(2L);
          assertThat(status().getDesiredRevision()).isEqualTo(2L);
          assertThat(condition("Progressing").getReason()).isNotEqualTo("RevisionFailedHealthGate");
          assertThat(lb().getMetadata().getAnnotations())
              .doesNotContainKey(LoadBalancer.PROMOTE_ANNOTATION);
        });
    assertThat(events("Promoted"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("revision 2"));
    assertThat(
            client.apps().controllerRevisions().list().getItems().stream()
                .filter(r -> r.getRevision() == 2)
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getAnnotations())
        .containsKey("roundhouse.dev/last-good");
    assertThat(counter("roundhouse.operator.rollout.promotions", null, null)).isEqualTo(1.0);
  }

  @Test
  void aDeploymentPastItsProgressDeadlineGetsThePreviousPodTemplateBack() throws Exception {
    String a = backend("a", "127.0.0.2");
    create(config(FreePorts.next(), FreePorts.next(), a), rollout("2s", "60s"));
    eventually(() -> assertThat(image()).isEqualTo("ghcr.io/roundhouse-dev/proxy:test"));

    edit(s -> Specs.withImage(s, "ghcr.io/roundhouse-dev/proxy:broken"));
    eventually(() -> assertThat(image()).isEqualTo("ghcr.io/roundhouse-dev/proxy:broken"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));

    // What the Deployment controller reports when the new pods never become ready (the mock
    // server runs no controller: the test writes it).
    long generation =
        client.apps().deployments().withName("web-proxy").get().getMetadata().getGeneration();
    client
        .apps()
        .deployments()
        .withName("web-proxy")
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(generation)
                      .withReplicas(2)
                      .withUpdatedReplicas(1)
                      .withReadyReplicas(1)
                      .addNewCondition()
                      .withType("Progressing")
                      .withStatus("False")
                      .withReason("ProgressDeadlineExceeded")
                      .withMessage("ReplicaSet \"web-proxy-7d9\" has timed out progressing.")
                      .endCondition()
                      .build());
              return d;
            });

    eventually(() -> assertThat(image()).isEqualTo("ghcr.io/roundhouse-dev/proxy:test"));
    eventually(
        () -> {
          assertThat(status().getCurrentRevision()).isEqualTo(1L);
          assertThat(status().getDesiredRevision()).isEqualTo(2L);
          Condition rolledBack = condition("RolledBack");
          assertThat(rolledBack.getReason()).isEqualTo("RevisionFailedAfterRollout");
          assertThat(rolledBack.getMessage())
              .startsWith(
                  "revision 2 failed after it went live: its proxy pods did not roll out:"
                      + " ProgressDeadlineExceeded (ReplicaSet \"web-proxy-7d9\" has timed out"
                      + " progressing.); the pod template is back to revision 1's");
        });
    assertThat(revisionOfConfigMap()).isEqualTo("1");
    assertThat(events("RevisionFailedAfterRollout")).hasSize(1);
    assertThat(
            counter("roundhouse.operator.rollout.rollbacks", "reason", "ProgressDeadlineExceeded"))
        .isEqualTo(1.0);
    assertThat(lb().getSpec().image()).isEqualTo("ghcr.io/roundhouse-dev/proxy:broken");
  }

  @Test
  void withRolloutsOffABadRevisionGoesStraightToTheProxies() throws Exception {
    String a = backend("a", "127.0.0.2");
    String closed = "http://127.0.0.4:" + FreePorts.next();
    create(config(FreePorts.next(), FreePorts.next(), a), RolloutSettings.DISABLED);

    edit(s -> Specs.withBackends(s, closed));

    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    // The ConfigMap is written before the status.
    eventually(() -> assertThat(status().getDesiredRevision()).isEqualTo(2L));
    assertThat(events("HealthGateStarted")).isEmpty();
  }

  @Test
  void aServiceBackendIsGatedByEachOfItsReadyEndpoints() throws Exception {
    String a = backend("a", "127.0.0.2");
    create(config(FreePorts.next(), FreePorts.next(), a), rollout("3s", "60s"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(1L));

    // A Service with no pod yet: nothing healthy, held until the gate times out.
    edit(s -> Specs.withBackendList(s, List.of(service("empty"))));
    awaitHeld(2);
    assertThat(condition("Progressing").getMessage())
        .startsWith(
            "revision 2 is held: 0 of 0 backends healthy (1 required): no backend to check");

    // A Service whose one ready endpoint does not answer: held, naming the endpoint.
    int closedPort = FreePorts.next();
    client.resource(slice("shop", "127.0.0.7", closedPort)).create();
    edit(s -> Specs.withBackendList(s, List.of(service("shop"))));
    awaitHeld(3);
    assertThat(condition("Progressing").getMessage())
        .startsWith(
            "revision 3 is held: 0 of 1 backends healthy (1 required): http://127.0.0.7:"
                + closedPort
                + " connection refused")
        .contains("revision 1 stays in force");
    assertThat(status().getCurrentRevision()).isEqualTo(1L);
    assertThat(revisionOfConfigMap()).isEqualTo("1");

    // A new Service whose pod turns ready while the gate runs: the gate sees it, and it goes live.
    edit(
        s -> Specs.withBackendList(s, List.of(service("cart"))).withRollout(rollout("60s", "60s")));
    eventually(
        () -> {
          assertThat(status().getDesiredRevision()).isEqualTo(4L);
          assertThat(condition("Progressing").getReason()).isEqualTo("HealthGate");
        });
    String cart = backend("cart", "127.0.0.3");
    client.resource(slice("cart", "127.0.0.3", URI.create(cart).getPort())).create();
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(4L));
    assertThat(revisionOfConfigMap()).isEqualTo("4");
    assertThat(events("NewRevision"))
        .anySatisfy(
            e ->
                assertThat(e.getMessage())
                    .startsWith("revision 4 passed its health gate (1 of 1 backends healthy"));
  }

  @Test
  void aDeletedLoadBalancerLeavesNoHeldRevisionBehind() throws Exception {
    String a = backend("a", "127.0.0.2");
    create(config(FreePorts.next(), FreePorts.next(), a), rollout("3s", "60s"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(1L));
    edit(s -> Specs.withBackendList(s, List.of(service("empty"))));
    awaitHeld(2);
    assertThat(gauge("roundhouse.operator.rollout.held.revisions")).isEqualTo(1.0);

    client.resource(lb()).delete();

    eventually(() -> assertThat(gauge("roundhouse.operator.rollout.held.revisions")).isZero());
  }

  private void awaitHeld(long revision) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status().getDesiredRevision()).isEqualTo(revision);
              assertThat(condition("Progressing").getReason())
                  .isEqualTo("RevisionFailedHealthGate");
            });
    assertThat(status().getCurrentRevision()).isEqualTo(1L);
  }

  /** A backend naming Service {@code name}'s port {@code http}. */
  private static Backend service(String name) {
    return Backend.service(new ServiceRef(name, PortRef.named("http")), null);
  }

  /**
   * The EndpointSlice of Service {@code service}, as the EndpointSlice controller writes it: one
   * ready endpoint, {@code address} on port {@code http} {@code port}.
   */
  private static EndpointSlice slice(String service, String address, int port) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(service + "-abc12")
        .withNamespace(MockCluster.NAMESPACE)
        .addToLabels("kubernetes.io/service-name", service)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("http")
        .withPort(port)
        .withProtocol("TCP")
        .endPort()
        .addNewEndpoint()
        .withAddresses(address)
        .withNewConditions()
        .withReady(true)
        .withServing(true)
        .withTerminating(false)
        .endConditions()
        .endEndpoint()
        .build();
  }

  private static LoadBalancerConfig config(int port, int admin, String... backendUrls) {
    return LoadBalancerConfig.builder()
        .frontends(List.of(Frontend.onPort(port)))
        .backends(java.util.Arrays.stream(backendUrls).map(Backend::of).toList())
        .healthcheck(
            new HealthCheck(
                null, Duration.ofSeconds(1), Duration.ofMillis(500), "/health", 1, 1, null))
        .metrics(new Metrics(true, admin))
        .build();
  }

  private static RolloutSettings rollout(String gateTimeout, String watchWindow) {
    return new RolloutSettings(
        true,
        null,
        dev.roundhouse.api.GoDuration.parse(gateTimeout),
        dev.roundhouse.api.GoDuration.parse(watchWindow),
        3);
  }

  private void assumeProxy() throws Exception {
    assumeTrue(
        DeployedProxy.available(),
        "the proxy jar is not built: " + DeployedProxy.PROXY_JAR + " (mvn -pl proxy package)");
  }

  /** Creates {@code web} running {@code config}; its Deployment once revision 1 is in force. */
  private Deployment create(LoadBalancerConfig config, RolloutSettings rollout) throws IOException {
    LoadBalancer lb = cluster.example();
    lb.setSpec(LoadBalancerSpec.of(config).withRollout(rollout));
    client.resource(lb).create();
    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("1"));
    configMapWatch =
        client
            .configMaps()
            .withName("web-config")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap map) {
                    configMapRevisions.add(
                        map.getMetadata().getAnnotations().get("roundhouse.dev/revision"));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    eventually(
        () -> assertThat(client.apps().deployments().withName("web-proxy").get()).isNotNull());
    return client.apps().deployments().withName("web-proxy").get();
  }

  private void startProxy(Deployment deployment, int admin) throws Exception {
    proxy = DeployedProxy.start(deployment, cluster);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try {
                return http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + admin + "/readyz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
  }

  private void edit(java.util.function.UnaryOperator<LoadBalancerSpec> edit) {
    cluster.edit(
        "web",
        lb -> {
          lb.setSpec(edit.apply(lb.getSpec()));
          return lb;
        });
  }

  private LoadBalancer lb() {
    return client.resources(LoadBalancer.class).withName("web").get();
  }

  private LoadBalancerStatus status() {
    LoadBalancerStatus status = lb().getStatus();
    assertThat(status).as("status of web").isNotNull();
    return status;
  }

  private Condition condition(String type) {
    return status().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status()));
  }

  private String image() {
    Deployment deployment = client.apps().deployments().withName("web-proxy").get();
    assertThat(deployment).as("Deployment web-proxy").isNotNull();
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private String revisionOfConfigMap() {
    ConfigMap map = client.configMaps().withName("web-config").get();
    assertThat(map).as("ConfigMap web-config").isNotNull();
    return map.getMetadata().getAnnotations().get("roundhouse.dev/revision");
  }

  private List<Event> events(String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private double gauge(String name) {
    return Optional.ofNullable(metrics.find(name).gauge()).map(g -> g.value()).orElse(-1.0);
  }

  private double counter(String name, String tag, String value) {
    var search = metrics.find(name);
    if (tag != null) {
      search = search.tag(tag, value);
    }
    var found = search.counter();
    return found == null ? 0 : found.count();
  }

  private HttpResponse<String> get(int port) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A backend on {@code host} answering every request, health checks included, with its name. */
  private String backend(String name, String host) throws IOException {
    HttpServer server = NamedBackend.start(host, FreePorts.next(), name);
    backends.put(name, server);
    return "http://" + host + ":" + server.getAddress().getPort();
  }

  /** Requests through the proxy, one after the other on one thread, until closed. */
  private final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger total = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private volatile String last = "";
    private final Thread thread;

    Load(int port) {
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    HttpResponse<String> response = get(port);
                    if (response.statusCode() == 200) {
                      answers
                          .computeIfAbsent(response.body(), b -> new AtomicInteger())
                          .incrementAndGet();
                      last = response.body();
                    } else {
                      failures.add("HTTP " + response.statusCode());
                    }
                  } catch (IOException e) {
                    failures.add(e.toString());
                  } catch (InterruptedException e) {
                    return;
                  }
                  total.incrementAndGet();
                }
              },
              "load");
      thread.start();
    }

    int total() {
      return total.get();
    }

    int failures() {
      return failures.size();
    }

    List<String> failureDetails() {
      return new ArrayList<>(failures.subList(0, Math.min(5, failures.size())));
    }

    java.util.Set<String> answeredBy() {
      return answers.keySet();
    }

    /** Requests backend {@code name} answered so far. */
    int answers(String name) {
      AtomicInteger count = answers.get(name);
      return count == null ? 0 : count.get();
    }

    String lastAnsweredBy() {
      return last;
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(15_000);
    }
  }
}
