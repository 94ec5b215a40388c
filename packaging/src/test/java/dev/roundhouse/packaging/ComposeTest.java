package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deployments/docker-compose.yml, read as Compose reads it (anchors and merge keys resolved): the
 * seed's proxy and three backends, each backend where deployments/config.yaml looks for it, the
 * ports of the config published, the config mounted so that an edit reaches the proxy, and every
 * file it names present.
 */
class ComposeTest {

  private static final Path DIR = Repo.path("deployments");

  private Map<String, Object> services;
  private LoadBalancerConfig config;

  @BeforeEach
  void read() throws Exception {
    services = map(SnakeYaml.map(Repo.read("deployments/docker-compose.yml")), "services");
    config = ConfigCodec.read(DIR.resolve("config.yaml"));
  }

  @Test
  void theLocalConfigIsTheSeedAndValid() {
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.frontends()).extracting(Frontend::port).containsExactly(8080, 8081);
    assertThat(config.metrics().port()).isEqualTo(9090);
  }

  @Test
  void eachBackendOfTheConfigIsAServiceRunningTheExampleBackendOnThatPort() {
    Map<String, String> expected = new LinkedHashMap<>();
    int id = 1;
    for (Backend backend : config.backends()) {
      expected.put(backend.host(), "[-port=" + backend.port() + ", -id=" + id++ + "]");
    }
    Map<String, String> actual = new LinkedHashMap<>();
    for (String name : services.keySet()) {
      if (name.startsWith("backend")) {
        actual.put(name, String.valueOf(map(services, name).get("command")));
      }
    }

    assertThat(actual).isEqualTo(expected);
    assertThat(expected.keySet()).containsExactly("backend1", "backend2", "backend3");
  }

  @Test
  void theBackendsRunTheExampleBackendImageWithAHealthCheckOnTheirOwnPort() {
    for (Backend backend : config.backends()) {
      Map<String, Object> service = map(services, backend.host());
      assertThat(service.get("image")).isEqualTo(Images.EXAMPLE_BACKEND.reference());
      assertBuild(service, Images.EXAMPLE_BACKEND);
      assertThat(map(service, "healthcheck").get("test"))
          .isEqualTo(
              List.of(
                  "CMD",
                  "/usr/local/bin/roundhouse-healthcheck",
                  String.valueOf(backend.port()),
                  "/health"));
    }
  }

  @Test
  void theProxyPublishesTheFrontendAndAdminPortsOfTheConfig() {
    Map<String, Object> proxy = map(services, "proxy");
    List<String> expected = new ArrayList<>();
    config.frontends().forEach(f -> expected.add(f.port() + ":" + f.port()));
    expected.add(config.metrics().port() + ":" + config.metrics().port());

    assertThat(proxy.get("image")).isEqualTo(Images.PROXY.reference());
    assertBuild(proxy, Images.PROXY);
    assertThat(list(proxy, "ports")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(list(proxy, "depends_on"))
        .containsExactlyInAnyOrder("backend1", "backend2", "backend3");
  }

  @Test
  void theConfigIsMountedAsADirectorySoAnEditorsRenameReachesTheProxy() {
    Map<String, Object> proxy = map(services, "proxy");
    List<String> command = stringList(proxy.get("command"));
    assertThat(command).containsExactly("--config", "/etc/roundhouse/config.yaml");

    List<Object> volumes = list(proxy, "volumes");
    assertThat(volumes).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> mount = (Map<String, Object>) volumes.get(0);
    Path source = DIR.resolve((String) mount.get("source")).normalize();

    assertThat(mount.get("type")).isEqualTo("bind");
    assertThat(source).as("a directory, not the file").isDirectory();
    assertThat(mount.get("target")).isEqualTo("/etc/roundhouse");
    assertThat(source.resolve("config.yaml")).isEqualTo(DIR.resolve("config.yaml"));
    assertThat(mount.get("read_only")).isEqualTo(true);
  }

  @Test
  void theMonitoringProfileScrapesTheProxyAndLoadsTheDashboardAndAlerts() {
    Map<String, Object> prometheus = map(services, "prometheus");
    Map<String, Object> grafana = map(services, "grafana");
    assertThat(list(prometheus, "profiles")).containsExactly("monitoring");
    assertThat(list(grafana, "profiles")).containsExactly("monitoring");

    Map<String, Object> prometheusConfig =
        SnakeYaml.map(Repo.read("deployments/prometheus/prometheus.yml"));
    assertThat(prometheusConfig.toString())
        .contains("targets=[proxy:" + config.metrics().port() + "]")
        .contains("rule_files=[roundhouse-alerts.yaml]");
    assertThat(Repo.read("deployments/grafana/provisioning/datasources/prometheus.yaml"))
        .contains("url: http://prometheus:9091");
    assertThat(stringList(prometheus.get("command"))).contains("--web.listen-address=:9091");
    assertThat(list(prometheus, "ports")).containsExactly("9091:9091");
  }

  @Test
  void everyFileOrDirectoryTheComposeFileMountsOrBuildsExists() {
    for (String name : services.keySet()) {
      Map<String, Object> service = map(services, name);
      if (service.get("build") instanceof Map<?, ?> build) {
        Path context = DIR.resolve((String) build.get("context")).normalize();
        assertThat(context.resolve((String) build.get("dockerfile"))).as(name).isRegularFile();
      }
      for (Object volume : list(service, "volumes")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> mount = (Map<String, Object>) volume;
        assertThat(DIR.resolve((String) mount.get("source"))).as(name).exists();
      }
    }
    assertThat(Files.isRegularFile(Repo.path("deployments/grafana/roundhouse-dashboard.json")))
        .isTrue();
  }

  private static void assertBuild(Map<String, Object> service, Images image) {
    Map<String, Object> build = map(service, "build");
    assertThat(DIR.resolve((String) build.get("context")).normalize()).isEqualTo(Repo.ROOT);
    assertThat(build.get("dockerfile")).isEqualTo(image.dockerfile);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value == null ? List.of() : (List<Object>) value;
  }

  private static List<String> stringList(Object value) {
    return ((List<?>) value).stream().map(String::valueOf).toList();
  }
}
