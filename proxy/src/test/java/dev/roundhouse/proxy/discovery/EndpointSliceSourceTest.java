package dev.roundhouse.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.PortRef;
import dev.roundhouse.proxy.discovery.Endpoint.Readiness;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditionsBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSliceSourceTest {

  /** A slice of {@code type} with ports written {@code name=number}, and these addresses. */
  private static EndpointSlice slice(String type, List<String> ports, String... addresses) {
    EndpointSliceBuilder slice = new EndpointSliceBuilder().withAddressType(type);
    for (String port : ports) {
      String[] parts = port.split("=");
      slice.addToPorts(
          new EndpointPortBuilder().withName(parts[0]).withPort(Integer.valueOf(parts[1])).build());
    }
    for (String address : addresses) {
      slice.addToEndpoints(new EndpointBuilder().withAddresses(address).build());
    }
    return slice.build();
  }

  @Test
  void aNamedPortIsResolvedPerSlice() {
    EndpointSlice one = slice("IPv4", List.of("http=8080", "admin=9000"), "10.0.0.2");
    EndpointSlice two = slice("IPv4", List.of("http=8081"), "10.0.0.1");

    assertThat(EndpointSliceSource.endpointsOf(List.of(one, two), PortRef.named("http")))
        .containsExactly(Endpoint.ready("10.0.0.1", 8081), Endpoint.ready("10.0.0.2", 8080));
  }

  @Test
  void aNumberIsThatPortOrTheSlicesOnlyOne() {
    EndpointSlice two = slice("IPv4", List.of("a=80", "b=8080"), "10.0.0.2");
    EndpointSlice only = slice("IPv4", List.of("=9376"), "10.0.0.3");

    assertThat(EndpointSliceSource.endpointsOf(List.of(two, only), PortRef.of(8080)))
        .containsExactly(Endpoint.ready("10.0.0.2", 8080), Endpoint.ready("10.0.0.3", 9376));
  }

  @Test
  void fqdnSlicesAndSlicesWithoutThePortAreSkipped() {
    EndpointSlice fqdn = slice("FQDN", List.of("http=80"), "web.example.com");
    EndpointSlice other = slice("IPv4", List.of("grpc=9090"), "10.0.0.2");

    assertThat(EndpointSliceSource.endpointsOf(List.of(fqdn, other), PortRef.named("http")))
        .isEmpty();
  }

  @Test
  void conditionsFollowTheApiRulesForUnsetValues() {
    EndpointSlice slice =
        new EndpointSliceBuilder()
            .withAddressType("IPv6")
            .addToPorts(new EndpointPortBuilder().withName("http").withPort(80).build())
            .addToEndpoints(
                new EndpointBuilder().withAddresses("fd00::1").build(),
                new EndpointBuilder()
                    .withAddresses("fd00::2")
                    .withConditions(
                        new EndpointConditionsBuilder()
                            .withReady(false)
                            .withServing(true)
                            .withTerminating(true)
                            .build())
                    .build(),
                new EndpointBuilder()
                    .withAddresses("fd00::3")
                    .withConditions(new EndpointConditionsBuilder().withReady(false).build())
                    .build())
            .build();

    assertThat(EndpointSliceSource.endpointsOf(List.of(slice), PortRef.named("http")))
        .extracting(Endpoint::readiness)
        .containsExactly(Readiness.READY, Readiness.TERMINATING, Readiness.NOT_READY);
  }
}
