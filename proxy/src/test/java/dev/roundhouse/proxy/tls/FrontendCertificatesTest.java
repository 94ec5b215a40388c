package dev.roundhouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.proxy.testing.PemCertificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS engine is looked for at the first TLS frontend, once: finding OpenSSL loads its native
 * library, a share of the start-up a proxy without TLS frontends does not need.
 */
class FrontendCertificatesTest {

  @TempDir Path dir;

  private final AtomicInteger detections = new AtomicInteger();

  private FrontendCertificates certificates() {
    return new FrontendCertificates(
        () -> {
          detections.incrementAndGet();
          return TlsEngine.jdk();
        },
        new TlsMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(),
        Duration.ofSeconds(1));
  }

  @Test
  void plainFrontendsNeverLookForATlsEngine() {
    try (FrontendCertificates certificates = certificates()) {
      certificates.commit(certificates.prepare(List.of(Frontend.onPort(8080))));

      assertThat(detections).hasValue(0);
      assertThat(certificates.status(8080)).isNull();
    }
  }

  @Test
  void theFirstTlsFrontendLooksForTheEngineOnceAndItServesEveryLaterOne() {
    PemCertificate pem = PemCertificate.create(dir, "shop.example");
    Frontend tls =
        Frontend.onPort(8443)
            .withTls(FrontendTls.files(pem.certificate().toString(), pem.key().toString()));
    try (FrontendCertificates certificates = certificates()) {
      certificates.commit(certificates.prepare(List.of(Frontend.onPort(8080), tls)));
      certificates.commit(
          certificates.prepare(List.of(tls, Frontend.onPort(9443).withTls(tls.tls()))));

      assertThat(detections).hasValue(1);
      assertThat(certificates.status(9443).engine()).isEqualTo("JDK");
    }
  }
}
