package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.PortRef;
import dev.roundhouse.api.ServiceRef;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code service} backend, seen from the operator: the proxies' Role lets them read
 * EndpointSlices only while the spec has one, and the {@code ResolvedRefs} condition (with an
 * Event) says when one resolves to no ready endpoint, following the slices as they change.
 */
class ServiceBackendIT extends OperatorTestBase {

  private static final Backend SHOP =
      Backend.service(new ServiceRef("shop", PortRef.named("http")), null);

  @Test
  void theProxiesMayReadEndpointSlicesOnlyWithAServiceBackend() {
    assertThat(resources()).containsExactly(List.of("configmaps"));

    editSpec(s -> Specs.withBackendList(s, List.of(Backend.of("http://legacy:9001"), SHOP)));
    eventually(
        () ->
            assertThat(resources())
                .containsExactly(List.of("configmaps"), List.of("endpointslices")));
    PolicyRule slices = client.rbac().roles().withName("web-proxy").get().getRules().get(1);
    assertThat(slices.getApiGroups()).containsExactly("discovery.k8s.io");
    assertThat(slices.getVerbs()).containsExactly("get", "list", "watch");
    assertThat(slices.getResourceNames()).isEmpty();

    editSpec(s -> Specs.withBackends(s, "http://legacy:9001"));
    eventually(() -> assertThat(resources()).containsExactly(List.of("configmaps")));
  }

  @Test
  void aServiceWithoutReadyEndpointsShowsInTheStatusUntilItHasOne() {
    assertThat(status().getConditions()).noneMatch(c -> c.getType().equals("ResolvedRefs"));

    editSpec(s -> Specs.withBackendList(s, List.of(Backend.of("http://legacy:9001"), SHOP)));
    eventually(
        () -> {
          assertThat(condition("ResolvedRefs").getStatus()).isEqualTo("False");
          assertThat(condition("ResolvedRefs").getReason()).isEqualTo("NoEndpoints");
          assertThat(condition("ResolvedRefs").getMessage())
              .startsWith("spec.backends[1].service shop:http: no EndpointSlice of Service shop");
        });
    assertThat(condition("Accepted").getStatus()).as("a valid spec all the same").isEqualTo("True");
    eventually(() -> assertThat(events("BackendUnresolved")).hasSize(1));

    // The Service appears with one endpoint, not ready yet: still nothing to send to.
    client.resource(slice("shop-abc12", false)).create();
    eventually(
        () ->
            assertThat(condition("ResolvedRefs").getMessage())
                .startsWith("spec.backends[1].service shop:http: none of the endpoints")
                .contains("is ready"));

    // The pod turns ready: the condition follows the slice, with no change to the resource.
    long generation = lb().getMetadata().getGeneration();
    client.resource(slice("shop-abc12", true)).update();
    eventually(
        () -> {
          assertThat(condition("ResolvedRefs").getStatus()).isEqualTo("True");
          assertThat(condition("ResolvedRefs").getReason()).isEqualTo("ResolvedRefs");
        });
    assertThat(lb().getMetadata().getGeneration()).isEqualTo(generation);
    eventually(() -> assertThat(events("BackendsResolved")).hasSize(1));
    assertThat(events("BackendUnresolved"))
        .as("one Event per change of what is unresolved, not one per pass")
        .hasSize(2);

    // Back to URLs only: no condition about service backends any more.
    editSpec(s -> Specs.withBackends(s, "http://legacy:9001"));
    eventually(
        () ->
            assertThat(status().getConditions())
                .noneMatch(c -> c.getType().equals("ResolvedRefs")));
  }

  @Test
  void aPortTheServiceDoesNotHaveIsNamed() {
    client.resource(slice("shop-abc12", true)).create();
    Backend wrongPort = Backend.service(new ServiceRef("shop", PortRef.named("grpc")), null);
    editSpec(s -> Specs.withBackendList(s, List.of(wrongPort)));
    eventually(
        () ->
            assertThat(condition("ResolvedRefs").getMessage())
                .startsWith("spec.backends[0].service shop:grpc: Service shop has no port grpc"));
  }

  private List<List<String>> resources() {
    return client.rbac().roles().withName("web-proxy").get().getRules().stream()
        .map(PolicyRule::getResources)
        .toList();
  }

  /** An EndpointSlice of Service {@code shop}, as the EndpointSlice controller writes one. */
  private static EndpointSlice slice(String name, boolean ready) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(MockCluster.NAMESPACE)
        .addToLabels("kubernetes.io/service-name", "shop")
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .withProtocol("TCP")
        .endPort()
        .addNewEndpoint()
        .withAddresses("10.0.0.7")
        .withNewConditions()
        .withReady(ready)
        .withServing(ready)
        .withTerminating(false)
        .endConditions()
        .withNewTargetRef()
        .withKind("Pod")
        .withName("shop-7d9f-abc12")
        .endTargetRef()
        .endEndpoint()
        .build();
  }
}
