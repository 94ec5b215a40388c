package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A certificate and its key: two PEM files (the config file), or a Secret of type {@code
 * kubernetes.io/tls} (a {@code LoadBalancer} resource; the operator mounts it into the proxy pods
 * and points the rendered config at its files).
 *
 * @param certificate the PEM file holding the certificate chain, the server's certificate first
 * @param key the PEM file holding its private key (PKCS#8 or PKCS#1, RSA or EC)
 * @param secretName the Secret holding both, in the resource's namespace (resource only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The CRD describes the resource, where a certificate is a Secret (files are the config file's).
@ValidationRule(
    value = "has(self.secretName) && !has(self.certificate) && !has(self.key)",
    message =
        "a LoadBalancer names its certificate by Secret (secretName); certificate and key are"
            + " files, for the proxy's own config file")
public record TlsCertificate(
    @JsonPropertyDescription(
            "PEM file with the certificate chain, the server's certificate first. Config file only; a LoadBalancer resource names a Secret instead.")
        String certificate,
    @JsonPropertyDescription(
            "PEM file with the certificate's private key (PKCS#8 or PKCS#1, RSA or EC). Config file only.")
        String key,
    @JsonPropertyDescription(
            "A Secret of type kubernetes.io/tls in the LoadBalancer's namespace. The operator mounts it read-only into the proxy pods; a renewed Secret reaches them without a restart. LoadBalancer resource only.")
        @Size(max = 253)
        String secretName) {

  /** A certificate and key given as files. */
  public static TlsCertificate files(String certificate, String key) {
    return new TlsCertificate(certificate, key, null);
  }

  /** A certificate and key held in a Secret. */
  public static TlsCertificate secret(String secretName) {
    return new TlsCertificate(null, null, secretName);
  }
}
