package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.TlsCertificate;
import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.ExternalTrafficPolicy;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.api.v1alpha1.RolloutSettings;
import dev.roundhouse.api.v1alpha1.ServiceSettings;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecCheckTest {

  private static LoadBalancer lb(String name, List<Frontend> frontends, List<Backend> backends) {
    LoadBalancer lb = new LoadBalancer();
    lb.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    lb.setSpec(LoadBalancerSpec.of(LoadBalancerConfig.of(frontends, backends)));
    return lb;
  }

  private static final List<Backend> ONE_BACKEND = List.of(Backend.of("http://a:1"));

  @Test
  void aValidResourceHasNoProblems() {
    assertThat(SpecCheck.problems(lb("web", List.of(Frontend.onPort(8080)), ONE_BACKEND)))
        .isEmpty();
  }

  @Test
  void aFieldNamedInAMessageGetsItsFullPathButAQuotedValueStaysAsWritten() {
    Violation problem =
        SpecCheck.underSpec(
            new Violation(
                "backends[2]",
                "\"http://backends.example:1/healthcheck.html\" is the same backend as backends[0];"
                    + " see healthcheck.interval"));

    assertThat(problem.path()).isEqualTo("spec.backends[2]");
    assertThat(problem.message())
        .isEqualTo(
            "\"http://backends.example:1/healthcheck.html\" is the same backend as spec.backends[0];"
                + " see spec.healthcheck.interval");
  }

  @Test
  void theProxysRulesApplyWithPathsUnderSpec() {
    List<Violation> problems =
        SpecCheck.problems(
            lb(
                "web",
                List.of(Frontend.onPort(9090)),
                List.of(Backend.of("http://a:1"), Backend.of("http://a:1"))));

    assertThat(problems)
        .extracting(Violation::path)
        .containsExactly("spec.backends[1]", "spec.metrics.port");
    assertThat(SpecCheck.describe(problems))
        .isEqualTo(
            "spec.backends[1]: \"http://a:1\" is the same backend as spec.backends[0] (to send it more traffic, give it a weight); "
                + "spec.metrics.port: 9090 is already used by spec.frontends[0].port");
  }

  @Test
  void anExternalTrafficPolicyNeedsAServiceReachableFromOutside() {
    LoadBalancer lb = lb("web", List.of(Frontend.onPort(8080)), ONE_BACKEND);
    LoadBalancerSpec spec = lb.getSpec();
    lb.setSpec(
        new LoadBalancerSpec(
            spec.config(),
            null,
            null,
            new ServiceSettings(null, null, ExternalTrafficPolicy.LOCAL),
            null,
            null));

    assertThat(SpecCheck.problems(lb))
        .extracting(Violation::path)
        .containsExactly("spec.service.externalTrafficPolicy");
  }

  @Test
  void rolloutSettingsTheSchemaCannotCheckAreProblemsWithTheirPaths() {
    LoadBalancer lb = lb("web", List.of(Frontend.onPort(8080)), ONE_BACKEND);
    lb.setSpec(
        lb.getSpec()
            .withRollout(
                new RolloutSettings(
                    null, new IntOrString("150%"), java.time.Duration.ZERO, null, null)));

    assertThat(SpecCheck.problems(lb))
        .extracting(Violation::path)
        .containsExactly("spec.rollout.minHealthyBackends", "spec.rollout.gateTimeout");
  }

  @Test
  void aCertificateIsASecretNeverAFile() {
    Frontend https =
        Frontend.onPort(8443)
            .withTls(
                new FrontendTls(
                    null,
                    null,
                    "web-tls",
                    List.of(TlsCertificate.files("/tls/api.crt", "/tls/api.key")),
                    null));
    Frontend redirect = Frontend.onPort(8080).withRedirectToHttps(8443);

    assertThat(SpecCheck.problems(lb("web", List.of(redirect, https), ONE_BACKEND)))
        .containsExactly(
            new Violation(
                "spec.frontends[1].tls.sni[0]",
                "a LoadBalancer names its certificate by Secret (secretName, of type"
                    + " kubernetes.io/tls); certificate and key are files, for the proxy's own"
                    + " config file"));
    assertThat(
            SpecCheck.problems(
                lb(
                    "web",
                    List.of(
                        redirect,
                        https.withTls(new FrontendTls(null, null, "web-tls", null, null))),
                    ONE_BACKEND)))
        .isEmpty();
  }

  @Test
  void theNameMustMakeAValidServiceName() {
    String long58 = "a".repeat(58);

    assertThat(SpecCheck.problems(lb(long58, List.of(Frontend.onPort(8080)), ONE_BACKEND)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("metadata.name");
              assertThat(v.message()).contains("longer than 57 characters");
            });
    assertThat(SpecCheck.problems(lb("a".repeat(57), List.of(Frontend.onPort(8080)), ONE_BACKEND)))
        .isEmpty();
    assertThat(SpecCheck.problems(lb("web.example", List.of(Frontend.onPort(8080)), ONE_BACKEND)))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("must start with a letter"));
    assertThat(SpecCheck.problems(lb("1web", List.of(Frontend.onPort(8080)), ONE_BACKEND)))
        .hasSize(1);
  }

  @Test
  void servicePortNamesMustBeUniqueAndMetricsIsTaken() {
    List<Violation> problems =
        SpecCheck.problems(
            lb(
                "web",
                List.of(
                    new Frontend(8080, "metrics"),
                    Frontend.onPort(8081),
                    new Frontend(8082, "http-8081")),
                ONE_BACKEND));

    assertThat(problems)
        .containsExactly(
            new Violation(
                "spec.frontends[0].name",
                "the Service port name \"metrics\" is already used by the metrics port"),
            new Violation(
                "spec.frontends[2].name",
                "the Service port name \"http-8081\" is already used by spec.frontends[1]"));
  }

  @Test
  void aResourceWithoutASpecIsAProblemNotACrash() {
    LoadBalancer lb = lb("web", List.of(), List.of());
    lb.setSpec(null);

    assertThat(SpecCheck.problems(lb)).extracting(Violation::path).containsExactly("spec");
  }

  @Test
  void theAdminServerMustListenWhereTheProbesReachIt() {
    LoadBalancer lb = lb("web", List.of(Frontend.onPort(8080)), ONE_BACKEND);
    LoadBalancerConfig config = lb.getSpec().config();

    lb.setSpec(lb.getSpec().withConfig(config.toBuilder().metrics(metricsOn("127.0.0.1")).build()));
    assertThat(SpecCheck.problems(lb))
        .containsExactly(
            new Violation(
                "spec.metrics.address",
                "\"127.0.0.1\" would keep the admin server from the kubelet's probes and from"
                    + " Prometheus, which reach the pod's IP: use 0.0.0.0 or ::"));

    lb.setSpec(lb.getSpec().withConfig(config.toBuilder().metrics(metricsOn("::")).build()));
    assertThat(SpecCheck.problems(lb)).isEmpty();
  }

  private static Metrics metricsOn(String address) {
    return new Metrics(null, null, address);
  }
}
