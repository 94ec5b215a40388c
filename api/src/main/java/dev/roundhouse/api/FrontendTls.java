package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * TLS termination on a frontend: the proxy speaks HTTPS on the port, and HTTP to the backends.
 *
 * <p>The default certificate is given as files ({@code certificate} and {@code key}, the config
 * file) or as a Secret ({@code secretName}, a {@code LoadBalancer} resource). More certificates in
 * {@code sni} are chosen by the server name a client asks for (SNI), matched against the DNS names
 * of each certificate; a client asking for no name, or for a name none has, gets the default one.
 *
 * @param certificate the default certificate's PEM chain (config file)
 * @param key the default certificate's PEM key (config file)
 * @param secretName the Secret holding the default certificate (resource)
 * @param sni more certificates, chosen by server name
 * @param minVersion the lowest TLS version accepted (default {@code TLSv1.2})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The CRD describes the resource, where a certificate is a Secret (files are the config file's).
@ValidationRule(
    value = "has(self.secretName) && !has(self.certificate) && !has(self.key)",
    message =
        "a LoadBalancer names its certificate by Secret (secretName); certificate and key are"
            + " files, for the proxy's own config file")
public record FrontendTls(
    @JsonPropertyDescription(
            "PEM file with the default certificate chain, the server's certificate first. Config file only; a LoadBalancer resource names a Secret (secretName) instead.")
        String certificate,
    @JsonPropertyDescription(
            "PEM file with the default certificate's private key (PKCS#8 or PKCS#1, RSA or EC). Config file only.")
        String key,
    @JsonPropertyDescription(
            "A Secret of type kubernetes.io/tls holding the default certificate, in the LoadBalancer's namespace. The operator mounts it read-only into the proxy pods; a renewed Secret (cert-manager) reaches them without a restart. LoadBalancer resource only.")
        @Size(max = 253)
        String secretName,
    @JsonPropertyDescription(
            "More certificates, each chosen when a client asks (SNI) for one of the DNS names in it. A client asking for another name, or none, gets the default certificate.")
        @Size(max = 64)
        List<TlsCertificate> sni,
    @JsonPropertyDescription("The lowest TLS version accepted: TLSv1.2 (default) or TLSv1.3.")
        TlsVersion minVersion) {

  /** Fills in the default version and copies the list; an empty entry stays for validation. */
  public FrontendTls {
    sni = sni == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(sni));
    minVersion = minVersion != null ? minVersion : TlsVersion.TLS_1_2;
  }

  /** TLS with the certificate and key in these files, TLS 1.2 and newer, no SNI certificates. */
  public static FrontendTls files(String certificate, String key) {
    return new FrontendTls(certificate, key, null, null, null);
  }

  /** The default certificate. */
  @JsonIgnore
  public TlsCertificate defaultCertificate() {
    return new TlsCertificate(certificate, key, secretName);
  }

  /**
   * Every certificate: the default one first, then those of {@code sni} (empty entries skipped).
   */
  @JsonIgnore
  public List<TlsCertificate> certificates() {
    List<TlsCertificate> all = new ArrayList<>();
    all.add(defaultCertificate());
    sni.stream().filter(c -> c != null).forEach(all::add);
    return List.copyOf(all);
  }

  /** The same TLS settings with these certificates: the first the default, the rest for SNI. */
  public FrontendTls withCertificates(List<TlsCertificate> certificates) {
    TlsCertificate first = certificates.get(0);
    return new FrontendTls(
        first.certificate(),
        first.key(),
        first.secretName(),
        certificates.subList(1, certificates.size()),
        minVersion);
  }
}
