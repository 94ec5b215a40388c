package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The Service {@code <name>-admin} of the proxies' admin port, named {@code metrics}: always
 * ClusterIP, whatever {@code spec.service.type} says, so {@code /metrics}, {@code /status} and
 * {@code /admin/*} are reachable from inside the cluster only. It has the label {@code
 * roundhouse.dev/scrape} {@code true} while metrics are enabled ({@code false} otherwise), for a
 * ServiceMonitor to select.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class AdminServiceDependent extends OwnedResource<Service> {

  /** Created by the framework. */
  public AdminServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(LoadBalancer lb, Context<LoadBalancer> context) {
    Metrics metrics = lb.getSpec().config().metrics();
    return new ServiceBuilder()
        .withMetadata(metadata(lb, Names.admin(lb)))
        .editMetadata()
        // Always set, true or false: a label that disappeared would not be noticed without SSA.
        .addToLabels(Map.of(Names.SCRAPE_LABEL, Boolean.toString(metrics.enabled())))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Names.selector(lb))
        .withPorts(ServiceDependent.port(Names.METRICS_PORT_NAME, metrics.port()))
        .endSpec()
        .build();
  }
}
