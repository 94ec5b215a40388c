package dev.roundhouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {

  /** The seed config, exactly as the user first wrote it. */
  static final String SEED =
      """
      frontends:
        - port: 8080
        - port: 8081
      backends:
        - "http://backend1:9001"
        - "http://backend2:9002"
        - "http://backend3:9003"
      healthcheck:
        interval: "10s"
        timeout: "2s"
        path: "/health"
      logging:
        level: "info"
        format: "json"
      metrics:
        enabled: true
        port: 9090
      """;

  static final String EVERY_EXTENSION =
      """
      frontends:
        - port: 80
          name: public
          redirectToHttps: 8443
        - port: 8443
          maxConnections: 500
          tls:
            certificate: /etc/tls/tls.crt
            key: /etc/tls/tls.key
            sni:
              - certificate: /etc/tls/api.crt
                key: /etc/tls/api.key
            minVersion: TLSv1.3
      backends:
        - url: "http://web-1:9001"
          weight: 3
        - "https://web-2"
        - url: "http://10.0.0.7:9003"
          weight: 2
        - service: {name: web, port: http}
          weight: 4
        - service: {name: api, port: 8080}
        - url: "http://backend:9001"
          resolve: all
          resolveInterval: 2s
      algorithm: weighted-round-robin
      sessionPersistence:
        type: cookie
        name: SERVER
        maxAge: 1h
        path: /app
        secure: true
        httpOnly: false
        sameSite: None
      slowStart: 45s
      outlierDetection:
        consecutive5xx: 3
        failurePercent: 40
        minimumRequests: 20
        interval: 30s
        baseEjectionTime: 10s
        maxEjectionTime: 2m
        maxEjectionPercent: 34
        panicThreshold: 50
      healthcheck:
        enabled: false
        interval: 1m30s
        timeout: 500ms
        path: /ready
        healthyThreshold: 4
        unhealthyThreshold: 6
        passiveThreshold: 0
      timeouts:
        connect: 750ms
        request: 2m
        idle: 1h
        requestHead: 5s
        requestBody: 30s
        tunnel: 2h
      upgrades: [websocket, example/2]
      limits:
        maxConnections: 2000
        maxConnectionsPerClient: 20
      retries: 5
      retryBudget:
        percent: 25
        minPerSecond: 3
      logging:
        level: debug
        format: text
        accessLog: false
      metrics:
        enabled: false
        port: 9191
      """;

  @Test
  void seedConfigLoadsUnchanged() throws Exception {
    LoadBalancerConfig config = ConfigCodec.read(SEED);

    assertThat(config.frontends()).extracting(Frontend::port).containsExactly(8080, 8081);
    assertThat(config.backends())
        .extracting(Backend::url)
        .containsExactly("http://backend1:9001", "http://backend2:9002", "http://backend3:9003");
    assertThat(config.backends()).extracting(Backend::weight).containsOnly(1);
    assertThat(config.backends().get(1).host()).isEqualTo("backend2");
    assertThat(config.backends().get(1).port()).isEqualTo(9002);
    assertThat(config.healthcheck().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.healthcheck().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.healthcheck().path()).isEqualTo("/health");
    assertThat(config.logging().level()).isEqualTo(LogLevel.INFO);
    assertThat(config.logging().format()).isEqualTo(LogFormat.JSON);
    assertThat(config.metrics().enabled()).isTrue();
    assertThat(config.metrics().port()).isEqualTo(9090);
    assertThat(config.sessionPersistence()).isNull();
  }

  @Test
  void aConfigOverOneMebibyteIsRefusedBeforeItIsParsed() throws Exception {
    String padding = "# " + "x".repeat(78) + "\n";
    String atTheLimit = SEED + padding.repeat((ConfigCodec.MAX_BYTES - SEED.length()) / 81);
    assertThat(ConfigCodec.read(atTheLimit).backends()).hasSize(3);

    // Two-byte characters: the limit counts bytes, as a ConfigMap does, not characters.
    String tooLarge = SEED + "# " + "\u00e9".repeat(ConfigCodec.MAX_BYTES / 2) + "\n";
    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> ConfigCodec.read(tooLarge));

    assertThat(e.violations())
        .containsExactly(
            new Violation(
                "",
                "the config is "
                    + tooLarge.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; a config is at most 1048576 bytes (1 MiB, what a ConfigMap holds)"));
  }

  @Test
  void seedConfigGetsTheDocumentedDefaults() throws Exception {
    LoadBalancerConfig config = ConfigCodec.read(SEED);

    assertThat(config.algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(config.retries()).isEqualTo(2);
    assertThat(config.healthcheck().enabled()).isTrue();
    assertThat(config.healthcheck().healthyThreshold()).isEqualTo(2);
    assertThat(config.healthcheck().unhealthyThreshold()).isEqualTo(3);
    assertThat(config.healthcheck().passiveThreshold()).isEqualTo(5);
    assertThat(config.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.timeouts().request()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timeouts().idle()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timeouts().requestHead()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.timeouts().requestBody()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timeouts().tunnel()).isEqualTo(Duration.ofHours(1));
    assertThat(config.upgrades()).containsExactly("websocket");
    assertThat(config.limits()).isEqualTo(new Limits(null, null));
    assertThat(config.frontends()).extracting(Frontend::maxConnections).containsOnlyNulls();
    assertThat(config.logging().accessLog()).isTrue();
  }

  @Test
  void everyExtensionIsRead() throws Exception {
    LoadBalancerConfig config = ConfigCodec.read(EVERY_EXTENSION);

    assertThat(config.frontends())
        .containsExactly(
            new Frontend(80, "public").withRedirectToHttps(8443),
            new Frontend(8443, null, 500)
                .withTls(
                    new FrontendTls(
                        "/etc/tls/tls.crt",
                        "/etc/tls/tls.key",
                        null,
                        List.of(TlsCertificate.files("/etc/tls/api.crt", "/etc/tls/api.key")),
                        TlsVersion.TLS_1_3)));
    assertThat(config.frontends()).extracting(Frontend::label).containsExactly("public", "8443");
    assertThat(config.backends())
        .containsExactly(
            new Backend("http://web-1:9001", 3),
            new Backend("https://web-2", 1),
            new Backend("http://10.0.0.7:9003", 2),
            Backend.service(new ServiceRef("web", PortRef.named("http")), 4),
            Backend.service(new ServiceRef("api", PortRef.of(8080)), null),
            Backend.resolveAll("http://backend:9001", null, Duration.ofSeconds(2)));
    assertThat(config.backends())
        .extracting(Backend::dynamic)
        .containsExactly(false, false, false, true, true, true);
    assertThat(config.backends().get(3).address()).isEqualTo("service/web:http");
    assertThat(config.backends().get(5).endpoint("http://10.0.0.9:9001"))
        .isEqualTo(new Backend("http://10.0.0.9:9001", 1));
    assertThat(config.backends().get(1).port()).isEqualTo(443);
    assertThat(config.backends().get(1).secure()).isTrue();
    assertThat(config.backends().get(1).address()).isEqualTo("https://web-2:443");
    assertThat(config.algorithm()).isEqualTo(Algorithm.WEIGHTED_ROUND_ROBIN);
    assertThat(config.sessionPersistence())
        .isEqualTo(
            new SessionPersistence(
                SessionPersistence.Type.COOKIE,
                "SERVER",
                Duration.ofHours(1),
                "/app",
                true,
                false,
                SessionPersistence.SameSite.NONE));
    assertThat(config.slowStart()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.outlierDetection())
        .isEqualTo(
            new OutlierDetection(
                3,
                40,
                20,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofMinutes(2),
                34,
                50));
    assertThat(config.outlierDetection().maxEjected(3)).isEqualTo(1);
    assertThat(config.healthcheck())
        .isEqualTo(
            new HealthCheck(
                false, Duration.ofSeconds(90), Duration.ofMillis(500), "/ready", 4, 6, 0));
    assertThat(config.timeouts())
        .isEqualTo(
            new Timeouts(
                Duration.ofMillis(750),
                Duration.ofMinutes(2),
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofHours(2)));
    assertThat(config.upgrades()).containsExactly("websocket", "example/2");
    assertThat(config.limits()).isEqualTo(new Limits(2000, 20));
    assertThat(config.frontends()).extracting(Frontend::maxConnections).containsExactly(null, 500);
    assertThat(config.retries()).isEqualTo(5);
    assertThat(config.retryBudget()).isEqualTo(new RetryBudget(25, 3));
    assertThat(config.logging()).isEqualTo(new Logging(LogLevel.DEBUG, LogFormat.TEXT, false));
    assertThat(config.metrics()).isEqualTo(new Metrics(false, 9191));
  }

  @Test
  void everyExtensionRoundTripsUnchanged() throws Exception {
    LoadBalancerConfig config = ConfigCodec.read(EVERY_EXTENSION);

    String written = ConfigCodec.write(config);

    assertThat(ConfigCodec.read(written)).isEqualTo(config);
    assertThat(written)
        .contains("interval: 1m30s", "timeout: 500ms", "- https://web-2", "weight: 3")
        .contains("port: http", "port: 8080", "resolve: all", "resolveInterval: 2s")
        .contains("algorithm: weighted-round-robin");
  }

  @Test
  void writtenSeedReadsLikeTheSeed() throws Exception {
    String written = ConfigCodec.write(ConfigCodec.read(SEED));

    assertThat(written)
        .contains("- http://backend1:9001", "- port: 8080", "interval: 10s", "format: json");
    assertThat(ConfigCodec.read(written)).isEqualTo(ConfigCodec.read(SEED));
  }

  @Test
  void configBuiltInCodeGetsDefaults() {
    LoadBalancerConfig config =
        LoadBalancerConfig.of(List.of(Frontend.onPort(8080)), List.of(Backend.of("http://a:1")));

    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.healthcheck()).isEqualTo(HealthCheck.DEFAULTS);
    assertThat(config.metrics().port()).isEqualTo(Metrics.DEFAULT_PORT);
  }
}
