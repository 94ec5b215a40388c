package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.PemCertificate;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import dev.roundhouse.proxy.testing.TlsClient;
import dev.roundhouse.proxy.testing.WebSocketBackend;
import dev.roundhouse.proxy.testing.WebSocketClient;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS termination in a real proxy process, with certificates made by openssl and real TLS clients
 * (the JDK's HttpClient and SSLSocket, curl, openssl s_client): SNI, ALPN, the https redirect,
 * failed handshakes, and certificate rotation through a Kubernetes-style {@code ..data} symlink
 * swap while connections stay open.
 */
class TlsFrontendIT {

  @TempDir Path dir;
  private Path mounted;
  private PemCertificate first;
  private PemCertificate api;
  private TestBackend backend;
  private ProxyProcess proxy;
  private String yaml;
  private AdminClient admin;
  private int https;
  private int http;

  @BeforeEach
  void start() throws IOException {
    mounted = Files.createDirectories(dir.resolve("secret"));
    first = PemCertificate.create(dir, "localhost");
    api = PemCertificate.create(dir, PemCertificate.KeyForm.RSA_PKCS1, "api.example.test");
    publish(first);
    backend = TestBackend.start("1");
    https = FreePorts.next();
    http = FreePorts.next();
    int adminPort = FreePorts.next();
    admin = new AdminClient(adminPort);
    yaml =
        """
        frontends:
          - port: %d
            tls:
              certificate: %s
              key: %s
              sni:
                - {certificate: %s, key: %s}
          - port: %d
            redirectToHttps: %d
        backends: ["%s"]
        healthcheck: {enabled: false}
        logging: {format: text, accessLog: false}
        metrics: {port: %d}
        """
            .formatted(
                https,
                mounted.resolve("tls.crt"),
                mounted.resolve("tls.key"),
                api.certificate(),
                api.key(),
                http,
                https,
                backend.url(),
                adminPort);
    proxy = ProxyProcess.builder().configYaml(yaml).readyWhen(p -> admin.readyz() == 200).start();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    backend.close();
  }

  /**
   * Puts {@code pem} in {@code mounted} as the kubelet updates a Secret volume: the files in a new
   * timestamped directory, then the {@code ..data} symlink renamed over to point at it; {@code
   * tls.crt} and {@code tls.key} are symlinks through {@code ..data}.
   */
  private void publish(PemCertificate pem) throws IOException {
    publish(pem.certificate(), pem.key());
  }

  private void publish(Path certificate, Path key) throws IOException {
    Path version = Files.createDirectory(mounted.resolve("..2026_" + System.nanoTime()));
    Files.copy(certificate, version.resolve("tls.crt"));
    Files.copy(key, version.resolve("tls.key"));
    Path next = mounted.resolve("..data_tmp");
    Files.deleteIfExists(next);
    Files.createSymbolicLink(next, version.getFileName());
    Files.move(next, mounted.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    for (String name : List.of("tls.crt", "tls.key")) {
      if (!Files.isSymbolicLink(mounted.resolve(name))) {
        Files.createSymbolicLink(mounted.resolve(name), Path.of("..data", name));
      }
    }
  }

  private double tlsMetric(String name, String... labels) {
    return admin.metrics().sum(name, labels);
  }

  @Test
  void servesHttpsToTheJdkClientAndTellsTheBackendTheScheme() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(first.trustingClient())
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/hello")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("1");
    TestBackend.Received received = backend.received().get(0);
    assertThat(received.headers().get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(received.uri()).isEqualTo("/hello");
  }

  /** A browser's {@code wss://}: the upgrade through the TLS frontend, then the tunnel in TLS. */
  @Test
  void aWebSocketPassesThroughTheTlsFrontend() throws Exception {
    try (WebSocketBackend sockets = WebSocketBackend.start("ws")) {
      proxy.close();
      proxy =
          ProxyProcess.builder()
              .configYaml(yaml.replace(backend.url(), sockets.url()))
              .readyWhen(p -> admin.readyz() == 200)
              .start();
      SslContext trusting =
          SslContextBuilder.forClient().trustManager(first.certificate().toFile()).build();

      try (WebSocketClient client = WebSocketClient.connect(https, "/ws/chat", trusting)) {
        assertThat(client.exchange("hello")).isEqualTo("hello");
        assertThat(client.exchange("id")).isEqualTo("backend ws");
        client.send(new byte[1 << 20]);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.binaryBytes() == 1 << 20);
      }
      assertThat(sockets.handshakes().get(0).get("X-Forwarded-Proto")).isEqualTo("https");
    }
  }

  /** Where netty-tcnative does not load, the JDK's TLS serves: SNI and ALPN alike. */
  @Test
  void theJdksTlsServesWhereOpenSslDoesNotLoad() throws Exception {
    proxy.close();
    proxy =
        ProxyProcess.builder()
            .configYaml(yaml)
            .jvmArgs("-Dio.netty.handler.ssl.noOpenSsl=true")
            .readyWhen(p -> admin.readyz() == 200)
            .start();

    assertThat(proxy.output()).contains("TLS is served by the JDK's");
    assertThat(TlsClient.presented(https, "api.example.test")).isEqualTo(api.x509());
    assertThat(TlsClient.presented(https, "localhost")).isEqualTo(first.x509());
    try (TlsClient client = TlsClient.connect(https, "api.example.test")) {
      assertThat(client.applicationProtocol()).isEqualTo("http/1.1");
      assertThat(client.get("/").status()).isEqualTo(200);
    }
  }

  @Test
  void sniPicksTheCertificateAndAlpnAgreesOnHttp11() throws Exception {
    assertThat(TlsClient.presented(https, "api.example.test")).isEqualTo(api.x509());
    assertThat(TlsClient.presented(https, "localhost")).isEqualTo(first.x509());
    assertThat(TlsClient.presented(https, "unknown.example.test")).isEqualTo(first.x509());
    assertThat(TlsClient.presented(https, null)).isEqualTo(first.x509());
    try (TlsClient client = TlsClient.connect(https, "api.example.test")) {
      assertThat(client.applicationProtocol()).isEqualTo("http/1.1");
      assertThat(client.get("/").status()).isEqualTo(200);
    }

    // curl checks the chain and the name against the SNI certificate it trusts.
    String curl =
        PemCertificate.run(
            "curl",
            "-sS",
            "--cacert",
            api.certificate().toString(),
            "--resolve",
            "api.example.test:" + https + ":127.0.0.1",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{http_version}",
            "https://api.example.test:" + https + "/");
    assertThat(curl).isEqualTo("200 1.1");
    String sClient =
        PemCertificate.run(
            "sh",
            "-c",
            "openssl s_client -connect 127.0.0.1:"
                + https
                + " -servername api.example.test -alpn h2,http/1.1 </dev/null 2>&1");
    assertThat(sClient)
        .contains("subject=CN = api.example.test")
        .contains("ALPN protocol: http/1.1");
  }

  @Test
  void plainHttpIsRedirectedToTheTlsPortAndNeverReachesABackend() throws Exception {
    try (RawHttp client = RawHttp.connect(http)) {
      client.send("GET /a/b?c=d HTTP/1.1\r\nHost: example.test:" + http + "\r\n\r\n");
      RawHttp.Response first = client.read(false);
      RawHttp.Response second = client.get("/again"); // kept alive; Host: test

      assertThat(first.status()).isEqualTo(308);
      assertThat(first.header("Location")).isEqualTo("https://example.test:" + https + "/a/b?c=d");
      assertThat(second.status()).isEqualTo(308);
      assertThat(second.header("Location")).isEqualTo("https://test:" + https + "/again");
    }
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void aFailedHandshakeIsCountedWithoutAStackTrace() throws Exception {
    try (RawHttp client = RawHttp.connect(https)) {
      client.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n");
      assertThat(client.closedByServer(10_000)).isTrue();
    }

    await()
        .untilAsserted(
            () ->
                assertThat(
                        tlsMetric("roundhouse_tls_handshake_failures_total", "reason", "not_tls"))
                    .isEqualTo(1.0));
    assertThat(proxy.output()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void rotationReachesNewHandshakesAndDropsNoneOfFiftyOpenConnections() throws Exception {
    List<TlsClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        TlsClient client = TlsClient.connect(https, "localhost");
        assertThat(client.get("/").status()).isEqualTo(200);
        open.add(client);
      }
      PemCertificate renewed = PemCertificate.create(dir, "localhost");

      publish(renewed);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(TlsClient.presented(https, "localhost")).isEqualTo(renewed.x509()));
      for (TlsClient client : open) {
        assertThat(client.get("/").status()).isEqualTo(200);
        assertThat(client.peer()).isEqualTo(first.x509());
      }
      assertThat(tlsMetric("roundhouse_tls_certificate_reloads_total", "result", "accepted"))
          .isEqualTo(1.0);
      assertThat(
              tlsMetric(
                  "roundhouse_tls_certificate_expiry_timestamp_seconds",
                  "certificate",
                  mounted.resolve("tls.crt").toString()))
          .isEqualTo(renewed.x509().getNotAfter().toInstant().getEpochSecond());
    } finally {
      for (TlsClient client : open) {
        client.close();
      }
    }
  }

  @Test
  void aBadCertificateIsRejectedAndTheOldOneKeepsServing() throws Exception {
    PemCertificate other = PemCertificate.create(dir, "localhost");

    publish(other.certificate(), first.key()); // a key that does not match

    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () ->
                assertThat(
                        tlsMetric("roundhouse_tls_certificate_reloads_total", "result", "rejected"))
                    .isEqualTo(1.0));
    assertThat(TlsClient.presented(https, "localhost")).isEqualTo(first.x509());
    JsonNode rejection = admin.status().at("/frontends/0/tls/lastRejection");
    assertThat(rejection.get("problem").asText())
        .contains("tls.key: ")
        .contains("is not the key of the certificate in");
    assertThat(proxy.output()).contains("keeps serving");

    publish(other); // fixed: the new pair goes in

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(TlsClient.presented(https, "localhost")).isEqualTo(other.x509()));
  }

  @Test
  void aPairRenamedOneFileAfterTheOtherIsWaitedOut() throws Exception {
    // Plain files this time, replaced by rename as a deploy script would: certificate first.
    PemCertificate renewed = PemCertificate.create(dir, "localhost");
    Path certificate = mounted.resolve("tls.crt");
    Path key = mounted.resolve("tls.key");

    Files.copy(renewed.certificate(), dir.resolve("next.crt"));
    Files.move(dir.resolve("next.crt"), certificate, StandardCopyOption.REPLACE_EXISTING);
    // The gap between the two renames is the scenario, not a wait for a condition: the watch
    // reads the mismatched pair (its quiet period is 200 ms) and must keep re-reading it.
    Thread.sleep(1_500);
    Files.copy(renewed.key(), dir.resolve("next.key"));
    Files.move(dir.resolve("next.key"), key, StandardCopyOption.REPLACE_EXISTING);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(TlsClient.presented(https, "localhost")).isEqualTo(renewed.x509()));
    assertThat(tlsMetric("roundhouse_tls_certificate_reloads_total", "result", "rejected"))
        .isEqualTo(0.0);
  }
}
