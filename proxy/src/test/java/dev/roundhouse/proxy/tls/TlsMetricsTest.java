package dev.roundhouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.proxy.testing.PemCertificate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMetricsTest {

  private static final String EXPIRY_SERIES =
      "roundhouse_tls_certificate_expiry_timestamp_seconds{";

  @TempDir Path dir;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private FrontendCertificates certificates() {
    return new FrontendCertificates(
        TlsEngine::jdk, new TlsMetrics(registry), Clock.systemUTC(), Duration.ofSeconds(1));
  }

  private static Frontend tls(int port, PemCertificate pem) {
    return Frontend.onPort(port)
        .withTls(FrontendTls.files(pem.certificate().toString(), pem.key().toString()));
  }

  private long expirySeries(String scrape) {
    return scrape.lines().filter(line -> line.startsWith(EXPIRY_SERIES)).count();
  }

  @Test
  void eachCertificateInForceIsOneSeriesAndOnlyThoseInForce() {
    PemCertificate shop = PemCertificate.create(dir, "shop.example");
    PemCertificate admin = PemCertificate.create(dir, "admin.example");
    try (FrontendCertificates certificates = certificates()) {
      certificates.commit(certificates.prepare(List.of(tls(8443, shop), tls(9443, admin))));
      String both = registry.scrape();
      assertThat(expirySeries(both)).isEqualTo(2);
      assertThat(both)
          .contains("frontend=\"8443\"", "frontend=\"9443\"")
          .contains(shop.certificate().toString(), admin.certificate().toString());

      certificates.commit(certificates.prepare(List.of(tls(8443, shop))));
      String one = registry.scrape();
      assertThat(expirySeries(one)).isEqualTo(1);
      assertThat(one).doesNotContain(admin.certificate().toString());
    }
  }

  /**
   * A reload shows the certificates again while Prometheus may be scraping: a series in force
   * before and after must not be taken away and put back, or the scrape can see it twice and fail
   * (/metrics answered 500 during a reload).
   */
  @Test
  void aScrapeDuringReloadsAlwaysSucceedsWithEachSeriesOnce() throws Exception {
    PemCertificate shop = PemCertificate.create(dir, "shop.example");
    try (FrontendCertificates certificates = certificates()) {
      List<Frontend> frontends = List.of(tls(8443, shop));
      certificates.commit(certificates.prepare(frontends));
      AtomicBoolean done = new AtomicBoolean();
      CompletableFuture<Void> reloads =
          CompletableFuture.runAsync(
              () -> {
                while (!done.get()) {
                  certificates.commit(certificates.prepare(frontends));
                }
              });
      try {
        for (int i = 0; i < 3000; i++) {
          assertThat(expirySeries(registry.scrape())).isEqualTo(1);
        }
      } finally {
        done.set(true);
        reloads.get();
      }
    }
  }
}
