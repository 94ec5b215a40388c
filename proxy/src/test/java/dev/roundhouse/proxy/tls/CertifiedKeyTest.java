package dev.roundhouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roundhouse.api.TlsCertificate;
import dev.roundhouse.proxy.testing.PemCertificate;
import dev.roundhouse.proxy.testing.PemCertificate.KeyForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Certificates and keys as openssl and cert-manager write them, read and checked. */
class CertifiedKeyTest {

  @TempDir Path dir;

  private static TlsCertificate files(PemCertificate pem) {
    return TlsCertificate.files(pem.certificate().toString(), pem.key().toString());
  }

  @ParameterizedTest
  @EnumSource(KeyForm.class)
  void readsEveryKeyForm(KeyForm form) throws Exception {
    PemCertificate pem = PemCertificate.create(dir, form, "example.test", "*.api.example.test");

    CertifiedKey loaded = CertifiedKey.load(files(pem), Instant.now());

    assertThat(loaded.chain()).containsExactly(pem.x509());
    assertThat(loaded.serverNames()).containsExactly("example.test", "*.api.example.test");
    assertThat(loaded.subject()).isEqualTo("CN=example.test");
    assertThat(loaded.notAfter()).isEqualTo(pem.x509().getNotAfter().toInstant());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    PemCertificate one = PemCertificate.create(dir, "one.test");
    PemCertificate two = PemCertificate.create(dir, "two.test");

    CertificateException e =
        catchThrowableOfType(
            CertificateException.class,
            () ->
                CertifiedKey.load(
                    TlsCertificate.files(one.certificate().toString(), two.key().toString()),
                    Instant.now()));

    assertThat(e.field()).isEqualTo("key");
    assertThat(e.getMessage())
        .isEqualTo(
            two.key()
                + " is not the key of the certificate in "
                + one.certificate()
                + " (CN=one.test)");
  }

  @Test
  void anRsaKeyForAnEcCertificateIsRefused() {
    PemCertificate ec = PemCertificate.create(dir, "ec.test");
    PemCertificate rsa = PemCertificate.create(dir, KeyForm.RSA_PKCS1, "rsa.test");

    CertificateException e =
        catchThrowableOfType(
            CertificateException.class,
            () ->
                CertifiedKey.load(
                    TlsCertificate.files(ec.certificate().toString(), rsa.key().toString()),
                    Instant.now()));

    assertThat(e.field()).isEqualTo("key");
  }

  @Test
  void anExpiredCertificateIsRefused() {
    PemCertificate pem = PemCertificate.create(dir, "old.test");
    Instant later = pem.x509().getNotAfter().toInstant().plus(Duration.ofDays(1));

    CertificateException e =
        catchThrowableOfType(
            CertificateException.class, () -> CertifiedKey.load(files(pem), later));

    assertThat(e.field()).isEqualTo("certificate");
    assertThat(e.getMessage()).contains("(CN=old.test) expired at ");
  }

  @Test
  void missingAndUnparsableFilesSayWhichFile() throws Exception {
    PemCertificate pem = PemCertificate.create(dir, "a.test");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

    CertificateException missing =
        catchThrowableOfType(
            CertificateException.class,
            () ->
                CertifiedKey.load(
                    TlsCertificate.files(pem.certificate().toString(), dir + "/nope.key"),
                    Instant.now()));
    CertificateException unparsable =
        catchThrowableOfType(
            CertificateException.class,
            () ->
                CertifiedKey.load(
                    TlsCertificate.files(garbage.toString(), pem.key().toString()), Instant.now()));

    assertThat(missing.field()).isEqualTo("key");
    assertThat(missing.getMessage()).isEqualTo(dir + "/nope.key does not exist");
    assertThat(unparsable.field()).isEqualTo("certificate");
    assertThat(unparsable.getMessage())
        .isEqualTo(garbage + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void aSecretIsNotAFile() {
    CertificateException e =
        catchThrowableOfType(
            CertificateException.class,
            () -> CertifiedKey.load(TlsCertificate.secret("web-tls"), Instant.now()));

    assertThat(e.field()).isEqualTo("secretName");
  }
}
