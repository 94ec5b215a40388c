package dev.roundhouse.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a certificate chain and a private key from PEM files, the forms cert-manager, Let's Encrypt
 * clients and {@code openssl} write: certificates as {@code CERTIFICATE} blocks, the key as PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}).
 * Encrypted keys are refused: a proxy that restarts unattended has no one to type a passphrase.
 */
public final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** id-ecPublicKey, 1.2.840.10045.2.1. */
  private static final byte[] EC_ALGORITHM = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemFiles() {}

  /** The bytes of a file, or a problem saying why it cannot be read. */
  static byte[] read(String field, Path file) throws CertificateException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CertificateException(field, file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new CertificateException(field, file + ": permission denied");
    } catch (IOException e) {
      throw new CertificateException(field, file + ": cannot read it: " + e.getMessage());
    }
  }

  /** The certificates of a PEM file, in order: the server's first, then its chain. */
  static List<X509Certificate> certificates(Path file, byte[] pem) throws CertificateException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(pem)) {
        if (block.type().equals("CERTIFICATE")) {
          chain.add(
              (X509Certificate)
                  factory.generateCertificate(
                      new ByteArrayInputStream(block.der(file, "certificate"))));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "certificate", file + " holds a certificate that cannot be parsed: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new CertificateException(
          "certificate", file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  /** The private key of a PEM file. */
  static PrivateKey privateKey(Path file, byte[] pem) throws CertificateException {
    for (Block block : blocks(pem)) {
      switch (block.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(file, block.der(file, "key"));
        }
        case "RSA PRIVATE KEY" -> {
          block.refuseEncrypted(file);
          return pkcs8(
              file, sequence(concat(integer0(), RSA_ALGORITHM, octets(block.der(file, "key")))));
        }
        case "EC PRIVATE KEY" -> {
          block.refuseEncrypted(file);
          byte[] sec1 = block.der(file, "key");
          byte[] algorithm = sequence(concat(EC_ALGORITHM, Der.curveOf(file, sec1)));
          return pkcs8(file, sequence(concat(integer0(), algorithm, octets(sec1))));
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new CertificateException(
                "key",
                file
                    + " holds an encrypted key; give the key unencrypted (and the file mode 0600)");
        default -> {} // EC PARAMETERS and the like, which openssl writes before the key
      }
    }
    throw new CertificateException(
        "key",
        file + " holds no PEM private key (-----BEGIN PRIVATE KEY----- or RSA/EC PRIVATE KEY)");
  }

  private static PrivateKey pkcs8(Path file, byte[] der) throws CertificateException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new CertificateException(
        "key", file + " holds a private key that cannot be parsed (RSA, EC and EdDSA keys work)");
  }

  private record Block(String type, String body) {

    byte[] der(Path file, String field) throws CertificateException {
      StringBuilder base64 = new StringBuilder();
      for (String line : body.split("\n")) {
        if (!line.contains(":")) { // RFC 1421 headers (Proc-Type, DEK-Info) are not base64
          base64.append(line.strip());
        }
      }
      try {
        return Base64.getDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        throw new CertificateException(field, file + ": a " + type + " block is not valid base64");
      }
    }

    void refuseEncrypted(Path file) throws CertificateException {
      if (body.contains("Proc-Type: 4,ENCRYPTED")) {
        throw new CertificateException(
            "key",
            file + " holds an encrypted key; give the key unencrypted (and the file mode 0600)");
      }
    }
  }

  private static List<Block> blocks(byte[] pem) {
    Matcher matcher = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    List<Block> blocks = new ArrayList<>();
    while (matcher.find()) {
      blocks.add(new Block(matcher.group(1), matcher.group(2)));
    }
    return blocks;
  }

  private static byte[] integer0() {
    return new byte[] {0x02, 0x01, 0x00};
  }

  private static byte[] sequence(byte[] content) {
    return Der.encode(0x30, content);
  }

  private static byte[] octets(byte[] content) {
    return Der.encode(0x04, content);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
