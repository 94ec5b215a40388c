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
import java.util.Map;

/**
 * The Service {@code <name>-proxy} in front of the proxy pods: one port per frontend and the admin
 * port named {@code metrics}, the type and annotations of {@code spec.service}, and the label
 * {@code roundhouse.dev/scrape} {@code true} while metrics are enabled ({@code false} otherwise),
 * for a ServiceMonitor to select.
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
    ports.add(port(Names.METRICS_PORT_NAME, config.metrics().port()));
    ServiceBuilder service =
        new ServiceBuilder()
            .withMetadata(metadata(lb, Names.proxy(lb)))
            .editMetadata()
            .addToAnnotations(settings.annotations())
            .endMetadata();
    // Always set, true or false: a label that disappeared would not be noticed without SSA.
    service
        .editMetadata()
        .addToLabels(Map.of(Names.SCRAPE_LABEL, Boolean.toString(config.metrics().enabled())))
        .endMetadata();
    return service
        .withNewSpec()
        .withType(settings.type().kubernetesName())
        .withSelector(Names.selector(lb))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .build();
  }
}
