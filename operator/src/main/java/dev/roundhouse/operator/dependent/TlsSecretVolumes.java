package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.TlsCertificate;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TLS Secrets of a {@code LoadBalancer}, as the proxy pods see them: each Secret named by a
 * frontend's {@code tls.secretName} is mounted read-only, whole, at {@code
 * /etc/roundhouse/tls/<secretName>/}, and the rendered config names its {@code tls.crt} and {@code
 * tls.key} there. The proxy never reads Secrets through the API.
 *
 * <p>Whole, not by {@code subPath}: the kubelet updates a Secret volume in place (a {@code ..data}
 * symlink swap) when the Secret changes, which the proxy watches; a {@code subPath} mount would
 * never change. So a renewed certificate (cert-manager) reaches the pods without a restart.
 */
public final class TlsSecretVolumes {

  /** Where the Secrets are mounted, each in a directory of its own name. */
  public static final String MOUNT_ROOT = "/etc/roundhouse/tls/";

  private TlsSecretVolumes() {}

  /** {@code config} with every {@code secretName} replaced by the files of its mounted Secret. */
  public static LoadBalancerConfig rendered(LoadBalancerConfig config) {
    List<Frontend> frontends = new ArrayList<>();
    for (Frontend frontend : config.frontends()) {
      FrontendTls tls = frontend.tls();
      frontends.add(
          tls == null
              ? frontend
              : frontend.withTls(
                  tls.withCertificates(
                      tls.certificates().stream().map(TlsSecretVolumes::files).toList())));
    }
    return config.toBuilder().frontends(frontends).build();
  }

  private static TlsCertificate files(TlsCertificate certificate) {
    if (certificate.secretName() == null) {
      return certificate;
    }
    String directory = MOUNT_ROOT + certificate.secretName() + "/";
    return TlsCertificate.files(directory + "tls.crt", directory + "tls.key");
  }

  /** A read-only Secret volume for each Secret the config names, in order of first mention. */
  static List<Volume> volumes(LoadBalancerConfig config) {
    return secretNames(config).stream()
        .map(
            secret ->
                new VolumeBuilder()
                    .withName(volumeName(secret))
                    .withNewSecret()
                    .withSecretName(secret)
                    .endSecret()
                    .build())
        .toList();
  }

  /** Where each volume of {@link #volumes} is mounted. */
  static List<VolumeMount> mounts(LoadBalancerConfig config) {
    return secretNames(config).stream()
        .map(
            secret ->
                new VolumeMountBuilder()
                    .withName(volumeName(secret))
                    .withMountPath(MOUNT_ROOT + secret)
                    .withReadOnly(true)
                    .build())
        .toList();
  }

  private static Set<String> secretNames(LoadBalancerConfig config) {
    Set<String> names = new LinkedHashSet<>();
    for (Frontend frontend : config.frontends()) {
      if (frontend.tls() != null) {
        for (TlsCertificate certificate : frontend.tls().certificates()) {
          if (certificate.secretName() != null) {
            names.add(certificate.secretName());
          }
        }
      }
    }
    return names;
  }

  /**
   * A volume name for the Secret: a DNS label of its own, stable while the Secret is named (a
   * Secret's name can be longer than a volume's may be).
   */
  static String volumeName(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return "tls-" + HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
