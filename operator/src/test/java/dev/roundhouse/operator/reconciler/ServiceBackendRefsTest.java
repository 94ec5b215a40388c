package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.PortRef;
import dev.roundhouse.api.ServiceRef;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceBackendRefsTest {

  @Test
  void aTerminatingEndpointThatStillServesCounts() {
    LoadBalancer lb = lb(Backend.service(new ServiceRef("shop", PortRef.named("http")), null));
    assertThat(unresolved(lb, slice("http", 8080, false, true))).isEmpty();
    assertThat(unresolved(lb, slice("http", 8080, false, false)))
        .singleElement()
        .asString()
        .contains("none of the endpoints of Service shop is ready");
  }

  @Test
  void aNotReadyEndpointThatIsNotTerminatingDoesNotCount() {
    LoadBalancer lb = lb(Backend.service(new ServiceRef("shop", PortRef.named("http")), null));
    EndpointSlice slice = slice("http", 8080, false, true);
    slice.getEndpoints().get(0).getConditions().setTerminating(false);
    assertThat(unresolved(lb, slice)).hasSize(1);
  }

  @Test
  void anEndpointWithoutConditionsCountsAsReady() {
    LoadBalancer lb = lb(Backend.service(new ServiceRef("shop", PortRef.named("http")), null));
    EndpointSlice slice = slice("http", 8080, true, true);
    slice.getEndpoints().get(0).setConditions(null);
    assertThat(unresolved(lb, slice)).isEmpty();
  }

  @Test
  void aPortByNumberIsThePortTheEndpointsAreReachedOn() {
    LoadBalancer byNumber = lb(Backend.service(new ServiceRef("shop", PortRef.of(8080)), null));
    assertThat(unresolved(byNumber, slice("http", 8080, true, true))).isEmpty();
    assertThat(unresolved(byNumber, slice("http", 9090, true, true)))
        .as("a Service port number whose target port differs: the slice's only port")
        .isEmpty();
    EndpointSlice twoPorts = slice("http", 9090, true, true);
    twoPorts.setPorts(
        List.of(
            twoPorts.getPorts().get(0),
            new EndpointPortBuilder().withName("admin").withPort(9091).build()));
    assertThat(unresolved(byNumber, twoPorts))
        .containsExactly("spec.backends[0].service shop:8080: Service shop has no port 8080");
  }

  @Test
  void theGateProbesEachReadyEndpointOnTheSlicesPort() {
    Backend shop = Backend.service(new ServiceRef("shop", PortRef.of(80)), 2);
    EndpointSlice ready = slice("http", 8080, true, true);
    ready.getEndpoints().get(0).setAddresses(List.of("10.0.0.7", "fd00::7"));
    EndpointSlice terminating = slice("http", 8080, false, true);
    terminating.getEndpoints().get(0).setAddresses(List.of("10.0.0.8"));
    assertThat(ServiceBackendRefs.readyEndpoints(shop, List.of(ready, terminating)))
        .as("ready only, on the slice's only port, IPv6 in brackets, with the backend's weight")
        .containsExactly(
            new Backend("http://10.0.0.7:8080", 2), new Backend("http://[fd00::7]:8080", 2));
  }

  @Test
  void urlBackendsAreNotItsBusiness() {
    LoadBalancer lb = lb(Backend.of("http://a:1"));
    assertThat(ServiceBackendRefs.any(lb)).isFalse();
    assertThat(ServiceBackendRefs.unresolved(lb, name -> List.of())).isEmpty();
  }

  private static List<String> unresolved(LoadBalancer lb, EndpointSlice slice) {
    Map<String, List<EndpointSlice>> slices = Map.of("shop", List.of(slice));
    return ServiceBackendRefs.unresolved(lb, name -> slices.getOrDefault(name, List.of()));
  }

  private static LoadBalancer lb(Backend backend) {
    LoadBalancer lb = new LoadBalancer();
    lb.setSpec(
        LoadBalancerSpec.of(LoadBalancerConfig.builder().backends(List.of(backend)).build()));
    return lb;
  }

  private static EndpointSlice slice(String portName, int port, boolean ready, boolean serving) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName("shop-1")
        .addToLabels(ServiceBackendRefs.SERVICE_NAME_LABEL, "shop")
        .endMetadata()
        .addNewPort()
        .withName(portName)
        .withPort(port)
        .endPort()
        .addNewEndpoint()
        .withAddresses("10.0.0.7")
        .withNewConditions()
        .withReady(ready)
        .withServing(serving)
        .withTerminating(!ready)
        .endConditions()
        .endEndpoint()
        .build();
  }
}
