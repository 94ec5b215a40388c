package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.TlsCertificate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A LoadBalancer with TLS names Secrets: the operator mounts each whole and read-only into the
 * pods, and the rendered config points at the mounted files. A renewed Secret changes nothing the
 * operator wrote: the kubelet updates the volume in the running pods, and the proxy watches it.
 */
class TlsSecretIT extends OperatorTestBase {

  @Test
  void secretsAreMountedReadOnlyAndTheConfigNamesTheirFiles() throws Exception {
    Secret secret = client.resource(tlsSecret("web-tls", "one")).create();
    editSpec(
        s ->
            Specs.withFrontends(
                s,
                Frontend.onPort(8080).withRedirectToHttps(8443),
                Frontend.onPort(8443)
                    .withTls(
                        new FrontendTls(
                            null,
                            null,
                            "web-tls",
                            List.of(TlsCertificate.secret("api-tls")),
                            null))));

    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    LoadBalancerConfig rendered = ConfigCodec.read(configMap().getData().get("config.yaml"));
    FrontendTls tls = rendered.frontends().get(1).tls();
    assertThat(tls.certificates())
        .containsExactly(
            TlsCertificate.files(
                "/etc/roundhouse/tls/web-tls/tls.crt", "/etc/roundhouse/tls/web-tls/tls.key"),
            TlsCertificate.files(
                "/etc/roundhouse/tls/api-tls/tls.crt", "/etc/roundhouse/tls/api-tls/tls.key"));
    assertThat(rendered.frontends().get(0).redirectToHttps()).isEqualTo(8443);

    eventually(
        () ->
            assertThat(deployment().getSpec().getTemplate().getSpec().getVolumes())
                .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
                .contains("web-tls", "api-tls"));
    PodTemplateSpec template = deployment().getSpec().getTemplate();
    Volume volume =
        template.getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null && v.getSecret().getSecretName().equals("web-tls"))
            .findFirst()
            .orElseThrow();
    VolumeMount mount =
        template.getSpec().getContainers().get(0).getVolumeMounts().stream()
            .filter(m -> m.getName().equals(volume.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(mount.getMountPath()).isEqualTo("/etc/roundhouse/tls/web-tls");
    assertThat(mount.getReadOnly()).isTrue();
    // A subPath mount would never see the kubelet's updates of a renewed Secret.
    assertThat(mount.getSubPath()).isNull();

    // cert-manager renews the certificate: the Secret changes. The pod template does not depend on
    // its content (no checksum annotation), so a reconcile after it, here for a backend change that
    // hot-reloads, leaves the pods running: the kubelet brings them the renewed files.
    client.resource(tlsSecret("web-tls", "two")).update();
    assertThat(client.secrets().withName("web-tls").get().getMetadata().getResourceVersion())
        .isNotEqualTo(secret.getMetadata().getResourceVersion());
    editSpec(s -> Specs.withBackends(s, "http://backend1:9001", "http://backend4:9004"));

    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("3"));
    assertThat(deployment().getSpec().getTemplate()).isEqualTo(template);
  }

  private static Secret tlsSecret(String name, String version) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(MockCluster.NAMESPACE)
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withStringData(Map.of("tls.crt", "certificate " + version, "tls.key", "key " + version))
        .build();
  }
}
