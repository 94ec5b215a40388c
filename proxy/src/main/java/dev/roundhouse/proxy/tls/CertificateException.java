package dev.roundhouse.proxy.tls;

/**
 * A certificate or key that cannot be used: missing, unreadable, unparsable, expired, or a key that
 * does not belong to the certificate. The message says which file and why, for a log line or a
 * validation problem.
 */
public final class CertificateException extends Exception {

  private final String field;

  /**
   * A problem with the file of {@code field} ({@code certificate} or {@code key}).
   *
   * @param field which of the pair is at fault, the last segment of the problem's path
   */
  CertificateException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The same problem, its field under {@code prefix} (e.g. {@code sni[0]}). */
  CertificateException under(String prefix) {
    return new CertificateException(prefix + "." + field, getMessage());
  }

  /** {@code certificate} or {@code key} (under a prefix): the file at fault. */
  public String field() {
    return field;
  }
}
