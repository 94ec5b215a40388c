package dev.roundhouse.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate and its key as PEM files, made by {@code openssl}: for {@code name}
 * (its common name and first DNS name), more DNS names, and 127.0.0.1.
 *
 * @param certificate the PEM certificate file
 * @param key the PEM key file
 */
public record PemCertificate(Path certificate, Path key) {

  /** The form of the key file. */
  public enum KeyForm {
    /** EC P-256, PKCS#8 ({@code PRIVATE KEY}). */
    EC_PKCS8,
    /** EC P-256, SEC 1 ({@code EC PRIVATE KEY}, after {@code EC PARAMETERS}). */
    EC_SEC1,
    /** RSA 2048, PKCS#1 ({@code RSA PRIVATE KEY}), as cert-manager writes by default. */
    RSA_PKCS1
  }

  /** An EC certificate for {@code name} and {@code moreNames}, its files in {@code dir}. */
  public static PemCertificate create(Path dir, String name, String... moreNames) {
    return create(dir, KeyForm.EC_PKCS8, name, moreNames);
  }

  /** A certificate with a key of {@code form}, its files in {@code dir}. */
  public static PemCertificate create(Path dir, KeyForm form, String name, String... moreNames) {
    String stem = name.replace('*', '_') + "-" + System.nanoTime();
    Path key = dir.resolve(stem + ".key");
    Path certificate = dir.resolve(stem + ".crt");
    switch (form) {
      case EC_PKCS8 ->
          run(
              "openssl",
              "genpkey",
              "-algorithm",
              "EC",
              "-pkeyopt",
              "ec_paramgen_curve:P-256",
              "-out",
              key.toString());
      case EC_SEC1 ->
          run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
      case RSA_PKCS1 -> run("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048");
    }
    StringBuilder names = new StringBuilder("subjectAltName=DNS:" + name);
    for (String more : moreNames) {
      names.append(",DNS:").append(more);
    }
    names.append(",IP:127.0.0.1");
    run(
        "openssl",
        "req",
        "-x509",
        "-key",
        key.toString(),
        "-out",
        certificate.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        names.toString());
    return new PemCertificate(certificate, key);
  }

  /** The certificate. */
  public X509Certificate x509() {
    try (InputStream in = Files.newInputStream(certificate)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context that trusts this certificate and nothing else. */
  public SSLContext trustingClient() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("server", x509());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command, failing with its output if it fails. */
  public static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The DNS names of a certificate. */
  public static List<String> dnsNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      for (List<?> entry : certificate.getSubjectAlternativeNames()) {
        if (Integer.valueOf(2).equals(entry.get(0))) {
          names.add(entry.get(1).toString());
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }
}
