package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.MockApiServer;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code service: {name: web, port: http}}: a real proxy process in {@code --configmap} mode reads
 * the EndpointSlices of Service {@code web} from the fabric8 mock API server (CRUD mode, in this
 * JVM); the endpoints are real backends on one port at 127.0.0.2, .3, ... as pods have addresses of
 * their own.
 */
class ServiceBackendIT {

  private static final int PODS = 10;

  private MockApiServer server;
  private KubernetesClient client;
  private final List<TestBackend> pods = new ArrayList<>();
  private int port;

  @BeforeEach
  void start() {
    server = MockApiServer.start();
    client = server.client();
    port = FreePorts.next();
    for (int i = 0; i < PODS; i++) {
      pods.add(TestBackend.start("web-" + i, ip(i), port));
    }
  }

  @AfterEach
  void stop() {
    pods.forEach(TestBackend::close);
    server.close();
  }

  /** Pod {@code i}'s address: 127.0.0.2 for pod 0. */
  private static String ip(int i) {
    return "127.0.0." + (i + 2);
  }

  /** An endpoint's conditions. */
  private enum State {
    READY,
    NOT_READY,
    TERMINATING
  }

  /** EndpointSlice {@code name} of Service web, with these pods in these states. */
  private EndpointSlice slice(String name, Map<Integer, State> endpoints) {
    EndpointSliceBuilder slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("test")
            .addToLabels("kubernetes.io/service-name", "web")
            .endMetadata()
            .withAddressType("IPv4")
            .addNewPort()
            .withName("http")
            .withPort(port)
            .withProtocol("TCP")
            .endPort();
    endpoints.forEach(
        (pod, state) ->
            slice.addToEndpoints(
                new EndpointBuilder()
                    .withAddresses(ip(pod))
                    .withNewConditions()
                    .withReady(state == State.READY)
                    .withServing(state != State.NOT_READY)
                    .withTerminating(state == State.TERMINATING)
                    .endConditions()
                    .withNewTargetRef()
                    .withKind("Pod")
                    .withName("web-" + pod)
                    .withNamespace("test")
                    .endTargetRef()
                    .withZone(pod % 2 == 0 ? "zone-a" : "zone-b")
                    .build()));
    return slice.build();
  }

  /** A config balancing over Service web's endpoints. */
  private static String config(int frontend, int adminPort) {
    return """
        frontends: [{port: %d}]
        backends:
          - service: {name: web, port: http}
        logging: {format: text, accessLog: false}
        metrics: {port: %d}
        """
        .formatted(frontend, adminPort);
  }

  private void apply(EndpointSlice slice) {
    client.resource(slice).createOr(existing -> existing.update());
  }

  private ProxyProcess startProxy(AdminClient admin, int frontend, int adminPort) {
    String yaml = config(frontend, adminPort);
    client
        .configMaps()
        .inNamespace("test")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("lb")
                .withNamespace("test")
                .addToAnnotations("roundhouse.dev/revision", "1")
                .endMetadata()
                .addToData("config.yaml", yaml)
                .build())
        .create();
    return server.proxy().args("--configmap", "lb").readyWhen(p -> admin.readyz() == 200).start();
  }

  private static String get(int frontend, String path) throws Exception {
    try (RawHttp http = RawHttp.connect(frontend)) {
      RawHttp.Response response = http.get(path);
      assertThat(response.status()).isEqualTo(200);
      return response.header("X-Backend-Id");
    }
  }

  /**
   * A proxy started from a file (not {@code --configmap}) whose environment configures the API
   * ({@code KUBERNETES_MASTER} here; a kubeconfig or a pod's service account alike) follows a
   * service backend too.
   */
  @Test
  void aProxyStartedFromAFileReadsTheEndpointsThroughTheApiItsEnvironmentNames() throws Exception {
    apply(slice("web-1", Map.of(0, State.READY, 1, State.READY)));
    int frontend = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);
    String yaml = config(frontend, adminPort);
    try (ProxyProcess proxy =
        server.proxy().configYaml(yaml).readyWhen(p -> admin.readyz() == 200).start()) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(get(frontend, "/"));
      }
      assertThat(answers).containsExactly("web-0", "web-1", "web-0", "web-1");

      apply(slice("web-1", Map.of(1, State.READY)));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                for (int i = 0; i < 3; i++) {
                  assertThat(get(frontend, "/")).isEqualTo("web-1");
                }
              });
    }
  }

  @Test
  void roundRobinOverReadyEndpointsNotReadyGetsNoneARemovedOneFinishesItsRequest()
      throws Exception {
    apply(slice("web-1", Map.of(0, State.READY, 1, State.READY, 2, State.NOT_READY)));
    int frontend = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);

    try (ProxyProcess proxy = startProxy(admin, frontend, adminPort)) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(get(frontend, "/"));
      }
      assertThat(answers).containsOnly("web-0", "web-1");
      assertThat(answers.stream().filter("web-0"::equals).count()).isEqualTo(10);
      JsonNode endpoints = admin.status().at("/dynamicBackends/0/endpoints");
      assertThat(endpoints)
          .extracting(
              e ->
                  e.get("address").asText()
                      + " "
                      + e.get("pod").asText()
                      + " "
                      + e.get("zone").asText()
                      + " "
                      + e.get("readiness").asText()
                      + " "
                      + e.get("health").asText())
          .containsExactly(
              "http://127.0.0.2:" + port + " web-0 zone-a ready up",
              "http://127.0.0.3:" + port + " web-1 zone-b ready up",
              "http://127.0.0.4:" + port + " web-2 zone-a not_ready null");

      // web-1 turns not ready: no new request goes there.
      apply(slice("web-1", Map.of(0, State.READY, 1, State.NOT_READY)));
      await().until(() -> get(frontend, "/").equals("web-0") && get(frontend, "/").equals("web-0"));
      int web1 = pods.get(1).requests();
      for (int i = 0; i < 10; i++) {
        assertThat(get(frontend, "/")).isEqualTo("web-0");
      }
      assertThat(pods.get(1).requests()).isEqualTo(web1);

      // Only web-1 ready, a slow request in flight there; then web-1 is removed for web-2.
      apply(slice("web-1", Map.of(0, State.NOT_READY, 1, State.READY)));
      await().until(() -> get(frontend, "/").equals("web-1") && get(frontend, "/").equals("web-1"));
      CompletableFuture<String> slow =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return get(frontend, "/?delay=3000");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await().until(() -> pods.get(1).inFlight() == 1);
      long changed = System.nanoTime();
      apply(slice("web-1", Map.of(2, State.READY)));
      await().pollInterval(Duration.ofMillis(5)).until(() -> get(frontend, "/").equals("web-2"));
      System.out.printf(
          "service backend: traffic moved %d ms after the EndpointSlice change%n",
          (System.nanoTime() - changed) / 1_000_000);
      // Counted once traffic has moved: a request sent before the proxy saw the change still
      // rightly went to web-1, the only ready endpoint until then.
      int before = pods.get(1).requests();
      for (int i = 0; i < 10; i++) {
        assertThat(get(frontend, "/")).isEqualTo("web-2");
      }
      assertThat(slow.get()).as("the request in flight on the removed endpoint").isEqualTo("web-1");
      assertThat(pods.get(1).requests()).as("no new request on the removed one").isEqualTo(before);
    }
  }

  @Test
  void scalingFromTwoToTenEndpointsAndBackUnderLoadFailsNoRequest() throws Exception {
    apply(slice("web-1", Map.of(0, State.READY, 1, State.READY)));
    int frontend = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);

    try (ProxyProcess proxy = startProxy(admin, frontend, adminPort);
        LoadGenerator load = LoadGenerator.start(frontend, 6, "/", Duration.ofMinutes(3))) {
      await().until(() -> pods.get(0).requests() > 20 && pods.get(1).requests() > 20);

      // Up to ten, in two slices (as the EndpointSlice controller splits a large Service).
      Map<Integer, State> first = new HashMap<>();
      Map<Integer, State> second = new HashMap<>();
      IntStream.range(0, 5).forEach(i -> first.put(i, State.READY));
      IntStream.range(5, PODS).forEach(i -> second.put(i, State.READY));
      long up = System.nanoTime();
      apply(slice("web-1", first));
      apply(slice("web-2", second));
      await().until(() -> pods.stream().allMatch(p -> p.requests() > 0));
      System.out.printf(
          "service backend: all 10 endpoints served %d ms after the EndpointSlice change%n",
          (System.nanoTime() - up) / 1_000_000);

      // Back to two: the leaving ones terminate first (serving, not ready), then go.
      Map<Integer, State> terminating = new HashMap<>(first);
      IntStream.range(2, 5).forEach(i -> terminating.put(i, State.TERMINATING));
      Map<Integer, State> terminatingToo = new HashMap<>();
      second.keySet().forEach(i -> terminatingToo.put(i, State.TERMINATING));
      apply(slice("web-1", terminating));
      apply(slice("web-2", terminatingToo));
      List<TestBackend> leaving = pods.subList(2, PODS);
      awaitNoNewRequests(leaving, pods.get(0), pods.get(1));
      apply(slice("web-1", Map.of(0, State.READY, 1, State.READY)));
      client.resource(slice("web-2", Map.of())).delete();
      int total = pods.get(0).requests() + pods.get(1).requests();
      await().until(() -> pods.get(0).requests() + pods.get(1).requests() > total + 200);

      load.stop();
      assertThat(load.failures())
          .as("failed requests; the proxy said:\n%s", proxy.output())
          .isEmpty();
      assertThat(load.results(r -> !r.ok())).as("requests without a 200").isEmpty();
      assertThat(admin.status().get("revision").asLong())
          .as("endpoint changes are no new revision")
          .isEqualTo(1);
    }
  }

  /**
   * Waits until none of {@code gone} gets a new request while {@code others} serve 100 more: the
   * moment traffic has moved, awaited rather than slept.
   */
  private static void awaitNoNewRequests(List<TestBackend> gone, TestBackend... others) {
    await()
        .until(
            () -> {
              int before = gone.stream().mapToInt(TestBackend::requests).sum();
              int served = List.of(others).stream().mapToInt(TestBackend::requests).sum();
              await()
                  .until(
                      () ->
                          List.of(others).stream().mapToInt(TestBackend::requests).sum()
                              > served + 100);
              return gone.stream().mapToInt(TestBackend::requests).sum() == before;
            });
  }
}
