package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import java.util.List;

/** LoadBalancers for the tests of what the dependents render. */
final class Resources {

  static final ReconcileInputs INPUTS =
      new ReconcileInputs(1, "ghcr.io/roundhouse-dev/proxy:test", null);

  private Resources() {}

  /** A LoadBalancer {@code web} in namespace {@code shop} with {@code spec}. */
  static LoadBalancer web(LoadBalancerSpec spec) {
    LoadBalancer lb = new LoadBalancer();
    lb.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
    lb.setSpec(spec);
    return lb;
  }

  /** {@code web} listening on {@code ports}, with one backend and every other default. */
  static LoadBalancer onPorts(Integer... ports) {
    return web(LoadBalancerSpec.of(config(ports)));
  }

  /** A config listening on {@code ports}, with one backend. */
  static LoadBalancerConfig config(Integer... ports) {
    return LoadBalancerConfig.builder()
        .frontends(Arrays.stream(ports).map(Frontend::onPort).toList())
        .backends(List.of(Backend.of("http://backend:9001")))
        .build();
  }
}
