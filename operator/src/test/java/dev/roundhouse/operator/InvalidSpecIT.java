package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.HealthCheck;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the CRD cannot catch, the operator does: and then it changes nothing. */
class InvalidSpecIT extends OperatorTestBase {

  private static final String TIMEOUT_MESSAGE =
      "spec.healthcheck.timeout: 15s must be shorter than spec.healthcheck.interval (10s)";

  @Test
  void aHealthCheckTimeoutPastTheIntervalIsRejectedAndNothingChanges() {
    eventually(() -> assertThat(deployment()).isNotNull());
    eventually(() -> assertThat(condition("Accepted").getStatus()).isEqualTo("True"));
    Map<String, String> versions = ownedVersions();
    String acceptedSince = condition("Accepted").getLastTransitionTime();

    // A real API server rejects this with the CRD's rule already; the mock server runs no CEL,
    // and the operator must judge it all the same (a CRD from an older release may lack the rule).
    var edited =
        editSpec(
            s ->
                Specs.withHealthCheck(
                    s,
                    new HealthCheck(null, null, Duration.ofSeconds(15), null, null, null, null)));

    eventually(() -> assertThat(condition("Accepted").getStatus()).isEqualTo("False"));
    assertThat(condition("Accepted").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition("Accepted").getMessage())
        .isEqualTo(TIMEOUT_MESSAGE + "; revision 1 stays in force");
    assertThat(status().getObservedGeneration()).isEqualTo(edited.getMetadata().getGeneration());
    eventually(() -> assertThat(events("SpecRejected")).hasSize(1));
    assertThat(events("SpecRejected").get(0).getType()).isEqualTo("Warning");
    assertThat(events("SpecRejected").get(0).getMessage()).contains(TIMEOUT_MESSAGE);

    assertThat(ownedVersions()).isEqualTo(versions);
    assertThat(revisionNumbers()).containsExactly(1L);
    assertThat(status().getCurrentRevision()).isEqualTo(1L);
    assertThat(configMap().getData().get("config.yaml")).contains("timeout: 2s");

    // Fixed, it goes through as the next revision.
    editSpec(
        s ->
            Specs.withHealthCheck(
                s,
                new HealthCheck(
                    null, Duration.ofSeconds(30), Duration.ofSeconds(15), null, null, null, null)));

    eventually(() -> assertThat(condition("Accepted").getStatus()).isEqualTo("True"));
    eventually(() -> assertThat(revisionOfConfigMap()).isEqualTo("2"));
    assertThat(configMap().getData().get("config.yaml")).contains("timeout: 15s");
    assertThat(condition("Accepted").getLastTransitionTime()).isGreaterThanOrEqualTo(acceptedSince);
  }

  @Test
  void duplicateBackendsAreRejectedWithTheirPaths() {
    Map<String, String> versions = ownedVersions();

    editSpec(s -> Specs.withBackends(s, "http://backend1:9001", "http://BACKEND1:9001"));

    eventually(() -> assertThat(condition("Accepted").getStatus()).isEqualTo("False"));
    assertThat(condition("Accepted").getMessage())
        .startsWith(
            "spec.backends[1]: \"http://BACKEND1:9001\" is the same backend as spec.backends[0]");
    assertThat(ownedVersions()).isEqualTo(versions);
  }

  @Test
  void aFirstSpecThatIsInvalidCreatesNothing() throws Exception {
    var lb = cluster.example();
    lb.getMetadata().setName("broken");
    lb.setSpec(Specs.withBackends(lb.getSpec(), "ftp://files:21"));

    client.resource(lb).create();

    eventually(
        () ->
            assertThat(
                    client
                        .resources(dev.roundhouse.api.v1alpha1.LoadBalancer.class)
                        .withName("broken")
                        .get()
                        .getStatus())
                .isNotNull());
    var status =
        client
            .resources(dev.roundhouse.api.v1alpha1.LoadBalancer.class)
            .withName("broken")
            .get()
            .getStatus();
    assertThat(status.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Accepted");
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "spec.backends[0]: \"ftp://files:21\" is not an http(s) URL; nothing is deployed until the spec is fixed");
            });
    assertThat(status.getCurrentRevision()).isNull();
    assertThat(client.configMaps().withName("broken-config").get()).isNull();
    assertThat(client.apps().deployments().withName("broken-proxy").get()).isNull();
    assertThat(client.services().withName("broken-proxy").get()).isNull();
    assertThat(
            client
                .apps()
                .controllerRevisions()
                .withLabel("roundhouse.dev/loadbalancer", "broken")
                .list()
                .getItems())
        .isEmpty();
  }
}
