package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.testing.FreePorts;
import dev.roundhouse.proxy.testing.LeakCheck;
import dev.roundhouse.proxy.testing.RawHttp;
import dev.roundhouse.proxy.testing.RecordingObserver;
import dev.roundhouse.proxy.testing.RecordingObserver.BackendEvent;
import dev.roundhouse.proxy.testing.TestBackend;
import dev.roundhouse.proxy.testing.TestCertificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code https://} backends: TLS from the proxy to the backend, verified, pooled. */
@ExtendWith(LeakCheck.class)
class TlsBackendIT {

  @TempDir Path dir;
  private final RecordingObserver observer = new RecordingObserver();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private int proxy(ProxyOptions options, String... backends) throws ListenException {
    int port = FreePorts.next();
    LoadBalancerConfig config =
        LoadBalancerConfig.of(
            List.of(Frontend.onPort(port)), List.of(backends).stream().map(Backend::of).toList());
    resources.add(InProcessProxy.start(config, options, observer));
    return port;
  }

  @Test
  void forwardsOverTlsToATrustedBackendAndReusesTheConnection() throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    TestBackend secure = TestBackend.startTls("secure", certificate.serverContext());
    resources.add(secure);
    int port =
        proxy(
            ProxyOptions.defaults().withWorkers(1).withBackendTls(certificate.trustingClient()),
            secure.url());
    try (RawHttp client = RawHttp.connect(port)) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Response response = client.get("/tls");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("backend secure /tls\n");
      }
    }
    assertThat(secure.received().get(0).headers().get("Host")).isEqualTo("test");
    assertThat(secure.connections()).isEqualTo(1);
  }

  @Test
  void anUntrustedCertificateIsAConnectFailureAndAnotherBackendIsTried() throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    TestBackend untrusted = TestBackend.startTls("untrusted", certificate.serverContext());
    TestBackend plain = TestBackend.start("plain");
    resources.add(untrusted);
    resources.add(plain);
    // The JDK's trust store does not know the self-signed certificate.
    int port = proxy(ProxyOptions.defaults().withWorkers(1), untrusted.url(), plain.url());
    try (RawHttp client = RawHttp.connect(port)) {
      for (int i = 0; i < 4; i++) {
        assertThat(client.get("/").header("X-Backend-Id")).isEqualTo("plain");
      }
    }
    assertThat(untrusted.requests()).isZero();
    assertThat(observer.backendEvents())
        .contains(new BackendEvent("failed", untrusted.url(), FailureKind.CONNECT_FAILED));
  }
}
