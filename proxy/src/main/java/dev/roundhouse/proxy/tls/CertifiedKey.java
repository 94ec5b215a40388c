package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.TlsCertificate;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A certificate chain and the private key that belongs to it, read from their PEM files and
 * checked: the key signs what the certificate's public key verifies, and the certificate is valid
 * now.
 *
 * @param certificateFile where the chain was read from
 * @param keyFile where the key was read from
 * @param chain the server's certificate first, then the intermediates
 * @param key the private key of {@code chain.get(0)}
 * @param fingerprint a SHA-256 over both files' bytes: equal fingerprints, same files
 */
public record CertifiedKey(
    Path certificateFile,
    Path keyFile,
    List<X509Certificate> chain,
    PrivateKey key,
    String fingerprint) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Checks the parts. */
  public CertifiedKey {
    requireNonNull(certificateFile, "certificateFile");
    requireNonNull(keyFile, "keyFile");
    chain = List.copyOf(chain);
    requireNonNull(key, "key");
    requireNonNull(fingerprint, "fingerprint");
  }

  /**
   * Reads and checks the files of {@code files}.
   *
   * @param now what "valid now" means
   * @throws CertificateException when a file is missing or unparsable, the key does not belong to
   *     the certificate, or the certificate is expired or not yet valid
   */
  public static CertifiedKey load(TlsCertificate files, Instant now) throws CertificateException {
    if (files.certificate() == null || files.key() == null) {
      throw new CertificateException(
          "secretName",
          "secretName names a Kubernetes Secret, which only a LoadBalancer resource can use (the"
              + " operator mounts it); a config file gives certificate and key files");
    }
    Path certificateFile = Path.of(files.certificate());
    Path keyFile = Path.of(files.key());
    byte[] certificateBytes = PemFiles.read("certificate", certificateFile);
    byte[] keyBytes = PemFiles.read("key", keyFile);
    List<X509Certificate> chain = PemFiles.certificates(certificateFile, certificateBytes);
    PrivateKey key = PemFiles.privateKey(keyFile, keyBytes);
    X509Certificate leaf = chain.get(0);
    if (!belongTogether(leaf, key)) {
      throw new CertificateException(
          "key",
          keyFile
              + " is not the key of the certificate in "
              + certificateFile
              + " ("
              + subjectOf(leaf)
              + ")");
    }
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new CertificateException(
          "certificate",
          certificateFile
              + " ("
              + subjectOf(leaf)
              + ") expired at "
              + leaf.getNotAfter().toInstant());
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new CertificateException(
          "certificate",
          certificateFile
              + " ("
              + subjectOf(leaf)
              + ") is not valid before "
              + leaf.getNotBefore().toInstant());
    }
    return new CertifiedKey(
        certificateFile, keyFile, chain, key, fingerprint(certificateBytes, keyBytes));
  }

  /** When the server's certificate expires. */
  public Instant notAfter() {
    return chain.get(0).getNotAfter().toInstant();
  }

  /** The server certificate's subject, e.g. {@code CN=example.com}. */
  public String subject() {
    return subjectOf(chain.get(0));
  }

  /**
   * The names a client may ask for to get this certificate: its DNS subject alternative names (a
   * wildcard as {@code *.example.com}), or its common name when it has none, lower-cased.
   */
  public List<String> serverNames() {
    List<String> names = new ArrayList<>();
    try {
      var alternatives = chain.get(0).getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          if (entry.size() == 2 && Integer.valueOf(2).equals(entry.get(0))) { // dNSName
            names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable alternative names: fall back to the common name
    }
    if (names.isEmpty()) {
      commonName(chain.get(0)).ifPresent(cn -> names.add(cn.toLowerCase(Locale.ROOT)));
    }
    return List.copyOf(names);
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      // no parsable subject
    }
    return Optional.empty();
  }

  private static String subjectOf(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448
        };
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another kind than the certificate's
    }
  }

  private static String fingerprint(byte[] certificate, byte[] key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(certificate);
      digest.update(key);
      return HexFormat.of().formatHex(digest.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CertifiedKey that
        && certificateFile.equals(that.certificateFile)
        && keyFile.equals(that.keyFile)
        && fingerprint.equals(that.fingerprint);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {certificateFile, keyFile, fingerprint});
  }
}
