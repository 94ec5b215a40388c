package dev.roundhouse.proxy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reload changes, as the hitless swap and its log line see it. */
class ConfigDiffTest {

  private static LoadBalancerConfig config(
      List<Frontend> frontends, List<Backend> backends, Algorithm algorithm, int adminPort) {
    return new LoadBalancerConfig(
        frontends, backends, algorithm, null, null, null, null, new Metrics(null, adminPort));
  }

  @Test
  void theFirstConfigAddsEverythingAndStartsTheAdminServer() {
    LoadBalancerConfig first =
        config(
            List.of(Frontend.onPort(8080)),
            List.of(Backend.of("http://b1:9001")),
            Algorithm.ROUND_ROBIN,
            9090);

    ConfigDiff diff = ConfigDiff.between(null, first);

    assertThat(diff.addedFrontends()).containsExactly(Frontend.onPort(8080));
    assertThat(diff.addedBackends()).containsExactly(Backend.of("http://b1:9001"));
    assertThat(diff.adminMoved()).isTrue();
    assertThat(diff.settings()).isEmpty();
  }

  @Test
  void portsAndBackendsAreComparedByPortAndAddress() {
    LoadBalancerConfig before =
        config(
            List.of(Frontend.onPort(8080), Frontend.onPort(8081)),
            List.of(Backend.of("http://b1:9001"), Backend.of("http://b2:9002")),
            Algorithm.ROUND_ROBIN,
            9090);
    LoadBalancerConfig after =
        config(
            List.of(new Frontend(8080, "web"), Frontend.onPort(8082)),
            // http://B2 is the same address as http://b2; its weight changes
            List.of(new Backend("http://B2:9002", 3), Backend.of("http://b3:9003")),
            Algorithm.LEAST_CONNECTIONS,
            9091);

    ConfigDiff diff = ConfigDiff.between(before, after);

    assertThat(diff.addedFrontends()).containsExactly(Frontend.onPort(8082));
    assertThat(diff.removedFrontends()).containsExactly(Frontend.onPort(8081));
    assertThat(diff.renamedFrontends()).containsExactly(new Frontend(8080, "web"));
    assertThat(diff.addedBackends()).containsExactly(Backend.of("http://b3:9003"));
    assertThat(diff.removedBackends()).containsExactly(Backend.of("http://b1:9001"));
    assertThat(diff.changedBackends()).containsExactly(new Backend("http://B2:9002", 3));
    assertThat(diff.adminMoved()).isTrue();
    assertThat(diff.settings())
        .containsExactly("algorithm round-robin -> least-connections", "admin port 9090 -> 9091");
  }

  @Test
  void anEqualConfigChangesNothing() {
    LoadBalancerConfig config =
        config(
            List.of(Frontend.onPort(8080)),
            List.of(Backend.of("http://b1:9001")),
            Algorithm.RANDOM,
            9090);

    assertThat(ConfigDiff.between(config, config))
        .isEqualTo(
            new ConfigDiff(
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), false));
  }

  @Test
  void aFrontendThatGainsTlsOrARedirectKeepsItsPortAndIsReconfigured() {
    LoadBalancerConfig before =
        config(
            List.of(Frontend.onPort(8080), Frontend.onPort(8443)),
            List.of(Backend.of("http://b1:9001")),
            Algorithm.RANDOM,
            9090);
    List<Frontend> secured =
        List.of(
            Frontend.onPort(8080).withRedirectToHttps(8443),
            Frontend.onPort(8443).withTls(FrontendTls.files("/tls/tls.crt", "/tls/tls.key")));
    LoadBalancerConfig after =
        config(secured, List.of(Backend.of("http://b1:9001")), Algorithm.RANDOM, 9090);

    ConfigDiff diff = ConfigDiff.between(before, after);

    assertThat(diff.securedFrontends()).containsExactlyElementsOf(secured);
    assertThat(diff.addedFrontends()).isEmpty();
    assertThat(diff.removedFrontends()).isEmpty();
    assertThat(ConfigDiff.between(after, after).securedFrontends()).isEmpty();
  }

  @Test
  void settingsThatChangeLiveAreNamedWithBothValues() {
    LoadBalancerConfig before = LoadBalancerConfig.of(List.of(), List.of());
    LoadBalancerConfig after =
        new LoadBalancerConfig(
            List.of(),
            List.of(),
            null,
            new HealthCheck(false, null, null, null, null, null, 0),
            null,
            3,
            new Logging(LogLevel.DEBUG, LogFormat.TEXT, false),
            null);

    assertThat(ConfigDiff.between(before, after).settings())
        .containsExactly(
            "health checks GET /health every 10s (timeout 2s, down after 3, up after 2, passive"
                + " after 5) -> active checks off, passive off",
            "retries 2 -> 3",
            "logging (info json, access log on) -> (debug text, access log off)");
  }
}
