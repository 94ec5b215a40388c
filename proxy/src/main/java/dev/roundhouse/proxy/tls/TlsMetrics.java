package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TLS metrics:
 *
 * <ul>
 *   <li>{@code roundhouse_tls_certificate_expiry_timestamp_seconds{frontend,certificate}}: when
 *       each certificate in force expires (Unix time), {@code certificate} its file;
 *   <li>{@code roundhouse_tls_certificate_reloads_total{frontend,result}}: certificate files that
 *       changed, {@code accepted} (in force for new handshakes) or {@code rejected} (the old ones
 *       stay);
 *   <li>{@code roundhouse_tls_handshake_failures_total{frontend,reason}}: {@code not_tls}, {@code
 *       timeout}, {@code closed} (the client left mid-handshake) or {@code protocol} (no common
 *       version or cipher, an untrusted certificate, ...).
 * </ul>
 */
public final class TlsMetrics {

  static final String EXPIRY = "roundhouse.tls.certificate.expiry.timestamp.seconds";
  static final String RELOADS = "roundhouse.tls.certificate.reloads";
  static final String HANDSHAKE_FAILURES = "roundhouse.tls.handshake.failures";

  private final MeterRegistry registry;
  private final MultiGauge expiry;
  // The value behind each expiry series in force, by its tags; replaced by each show().
  private Map<Tags, AtomicLong> expirySeconds = Map.of();

  /** Metrics in {@code registry}. */
  public TlsMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    this.expiry =
        MultiGauge.builder(EXPIRY)
            .description(
                "When each TLS certificate in force expires, in seconds since the epoch;"
                    + " certificate is its file.")
            .register(registry);
  }

  /**
   * Shows the expiry of the certificates of {@code terminations}, and no others. A series in force
   * before and after keeps its gauge and takes the new value: a gauge taken away and put back would
   * let a scrape at that moment miss the series, or see it twice and fail.
   */
  synchronized void show(Collection<TlsTermination> terminations) {
    Map<Tags, AtomicLong> shown = new HashMap<>();
    for (TlsTermination termination : terminations) {
      for (CertifiedKey certificate : termination.certificates()) {
        Tags tags =
            Tags.of(
                "frontend",
                termination.frontend(),
                "certificate",
                certificate.certificateFile().toString());
        AtomicLong expiresAt = expirySeconds.getOrDefault(tags, new AtomicLong());
        expiresAt.set(certificate.notAfter().getEpochSecond());
        shown.put(tags, expiresAt);
      }
    }
    expirySeconds = shown;
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    shown.forEach((tags, expiresAt) -> rows.add(MultiGauge.Row.of(tags, expiresAt)));
    expiry.register(rows, false);
  }

  /** Counts certificate files that changed, by result. */
  void reloaded(String frontend, boolean accepted) {
    reloads(frontend, accepted ? "accepted" : "rejected").increment();
  }

  /** Makes both reload series exist at 0 for {@code frontend}, so an alert works from the start. */
  void frontend(String frontend) {
    reloads(frontend, "accepted");
    reloads(frontend, "rejected");
  }

  private Counter reloads(String frontend, String result) {
    return Counter.builder(RELOADS)
        .description(
            "Certificate files that changed on disk: accepted (new handshakes use them) or"
                + " rejected (the certificates in force stay).")
        .tags("frontend", frontend, "result", result)
        .register(registry);
  }

  /** Counts a failed handshake. */
  void handshakeFailed(String frontend, String reason) {
    Counter.builder(HANDSHAKE_FAILURES)
        .description("TLS handshakes that failed, by reason.")
        .tags("frontend", frontend, "reason", reason)
        .register(registry)
        .increment();
  }
}
