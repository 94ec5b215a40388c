package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.ServiceSettings;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.List;

/**
 * The public Service {@code <name>-proxy} in front of the proxy pods: one port per frontend, the
 * type, annotations and external traffic policy of {@code spec.service}. Never the admin port: that
 * one ({@code /metrics}, {@code /status}, {@code /admin/*}) has its own ClusterIP Service, {@link
 * AdminServiceDependent}, so a {@code LoadBalancer}-type Service does not publish it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class ServiceDependent extends OwnedResource<Service> {

  /** Created by the framework. */
  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(LoadBalancer lb, Context<LoadBalancer> context) {
    LoadBalancerConfig config = lb.getSpec().config();
    ServiceSettings settings = lb.getSpec().service();
    List<ServicePort> ports = new ArrayList<>();
    for (Frontend frontend : config.frontends()) {
      ports.add(port(Names.servicePort(frontend), frontend.port()));
    }
    // Kubernetes rejects a traffic policy on a ClusterIP Service; the CRD rejects the spec too.
    String trafficPolicy =
        settings.externallyReachable() && settings.externalTrafficPolicy() != null
            ? settings.externalTrafficPolicy().kubernetesName()
            : null;
    return new ServiceBuilder()
        .withMetadata(metadata(lb, Names.proxy(lb)))
        .editMetadata()
        .addToAnnotations(settings.annotations())
        .endMetadata()
        .withNewSpec()
        .withType(settings.type().kubernetesName())
        .withExternalTrafficPolicy(trafficPolicy)
        .withSelector(Names.selector(lb))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  /** A TCP Service port forwarding to the same container port. */
  static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .build();
  }
}
