package dev.roundhouse.proxy.config.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roundhouse.proxy.config.SourceReading;
import dev.roundhouse.proxy.testing.LogLines;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The ConfigMap source against the fabric8 mock API server in CRUD mode: a real HTTP server with
 * real watches, in this JVM. The outage test stops the server and starts a new one on the same port
 * over the same stored objects.
 */
class ConfigMapConfigSourceIT {

  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private static final String ORIGIN = "configmap test/web";
  private static final String V1 =
      "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9001\"]\n";
  private static final String V2 =
      "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9002\"]\n";
  private static final String V3 =
      "frontends: [{port: 8080}]\nbackends: [\"http://127.0.0.1:9003\"]\n";

  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  private final List<SourceReading> delivered = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger packageLogger =
      (Logger) LoggerFactory.getLogger(ConfigMapConfigSource.class.getPackageName());
  private KubernetesMockServer server;
  private KubernetesClient admin;
  private KubernetesClient proxyClient;
  private ConfigMapConfigSource source;

  @BeforeEach
  void startServer() {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    logs.start();
    packageLogger.addAppender(logs);
    packageLogger.setLevel(Level.INFO);
    server = serverOnPort(0);
    admin = server.createClient();
    proxyClient = ProxyKubernetesClient.create(admin.getConfiguration());
    source = new ConfigMapConfigSource(proxyClient, "test", "web", Duration.ofMillis(300));
  }

  private KubernetesMockServer serverOnPort(int port) {
    KubernetesMockServer s =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
    s.init(InetAddress.getLoopbackAddress(), port);
    return s;
  }

  @AfterEach
  void stop() {
    source.close();
    proxyClient.close();
    admin.close();
    server.destroy();
    packageLogger.detachAppender(logs);
    packageLogger.setLevel(null);
  }

  @Test
  void createUpdateAndDeleteOfTheConfigMap() {
    put(V1, "1");
    source.start(delivered::add);
    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.of(1)));
    // The mock server's first watch takes a second or two to deliver anything: warm it up.
    put(V2, "2");
    awaitLatest(new SourceReading.Text(ORIGIN, V2, OptionalLong.of(2)));

    put(V3, "3");
    await()
        .untilAsserted(
            () ->
                assertThat(delivered)
                    .last()
                    .isEqualTo(new SourceReading.Text(ORIGIN, V3, OptionalLong.of(3))));

    admin.configMaps().inNamespace("test").withName("web").delete();
    awaitLog("configmap test/web was deleted; the proxy keeps serving its current config");
    assertThat(source.read())
        .isEqualTo(new SourceReading.Unusable(ORIGIN, "configmap test/web does not exist"));

    put(V1, "4");
    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.of(4)));
    // The delete delivered nothing: nothing between revisions 3 and 4.
    assertThat(delivered).hasSize(4);
    assertThat(source.read()).isEqualTo(delivered.get(3));
  }

  @Test
  void aConfigMapWithoutTheKeyIsAnUnusableReadingThatSaysWhichKeysItHas() {
    put(V1, "1");
    source.start(delivered::add);
    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.of(1)));

    admin
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("test")
                .endMetadata()
                .withData(Map.of("config.yml", V2))
                .build())
        .update();

    awaitLatest(
        new SourceReading.Unusable(
            ORIGIN, "configmap test/web has no key config.yaml (its keys: [config.yml])"));
  }

  @Test
  void withoutTheRevisionAnnotationTheReadingHasNoRevision() {
    admin.configMaps().resource(configMap("web", V1, Map.of())).create();
    source.start(delivered::add);

    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.empty()));
  }

  @Test
  void aMalformedRevisionAnnotationIsLoggedAndIgnored() {
    put(V1, "three");
    source.start(delivered::add);

    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.empty()));
    awaitLog("annotation roundhouse.dev/revision=three is not a positive whole number");
  }

  @Test
  void otherConfigMapsNeverReachTheWatch() {
    put(V1, "1");
    source.start(delivered::add);
    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.of(1)));

    admin.configMaps().resource(configMap("web-other", V2, Map.of())).create();
    admin.configMaps().resource(configMap("web-other", V3, Map.of())).update();
    put(V3, "2"); // the marker

    awaitLatest(new SourceReading.Text(ORIGIN, V3, OptionalLong.of(2)));
    assertThat(delivered).hasSize(2);
  }

  @Test
  void afterAnApiOutageTheWatchReconnectsAndSeesChangesMadeMeanwhile() {
    put(V1, "1");
    source.start(delivered::add);
    awaitLatest(new SourceReading.Text(ORIGIN, V1, OptionalLong.of(1)));
    await().atMost(Duration.ofSeconds(30)).until(source::watching);
    int port = server.getPort();

    server.destroy();
    awaitLog("configmap test/web: lost contact with the API server");
    assertThat(source.read())
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.type(SourceReading.Unusable.class))
        .extracting(SourceReading.Unusable::reason)
        .asString()
        .startsWith("cannot read configmap test/web from the API server");

    server = serverOnPort(port);
    admin.close();
    admin = server.createClient();
    put(V2, "2");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(delivered)
                    .last()
                    .isEqualTo(new SourceReading.Text(ORIGIN, V2, OptionalLong.of(2))));
    awaitLog("configmap test/web: the API server can be reached again");
  }

  private void put(String yaml, String revision) {
    admin
        .configMaps()
        .resource(configMap("web", yaml, Map.of("roundhouse.dev/revision", revision)))
        .createOr(c -> c.update());
  }

  private static ConfigMap configMap(String name, String yaml, Map<String, String> annotations) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("test")
        .withAnnotations(annotations)
        .endMetadata()
        .withData(Map.of("config.yaml", yaml))
        .build();
  }

  private void awaitLatest(SourceReading expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivered).last().isEqualTo(expected));
  }

  private void awaitLog(String fragment) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(LogLines.of(logs)).anyMatch(m -> m.contains(fragment)));
  }
}
