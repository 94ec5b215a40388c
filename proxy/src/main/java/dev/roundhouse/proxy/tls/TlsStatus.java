package dev.roundhouse.proxy.tls;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A TLS frontend in {@code /status}: the engine, the certificates in force, and the last change of
 * the files that was refused (kept after later successes: compare the times), or null.
 *
 * @param engine {@code OpenSSL} or {@code JDK}
 * @param certificates the certificates in force, the default one first
 * @param lastRejection the last refused change of the files
 */
public record TlsStatus(
    String engine, List<CertificateStatus> certificates, @Nullable RejectionStatus lastRejection) {

  /** A certificate in force: its file, subject, the names SNI matches, and its expiry. */
  public record CertificateStatus(
      String file, String subject, List<String> serverNames, String notAfter) {

    static CertificateStatus of(CertifiedKey key) {
      return new CertificateStatus(
          key.certificateFile().toString(),
          key.subject(),
          key.serverNames(),
          key.notAfter().toString());
    }
  }

  /** A refused change of the files: when, and why. */
  public record RejectionStatus(String at, String problem) {}
}
