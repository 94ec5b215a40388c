package dev.roundhouse.operator.reconciler;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operator's watch on EndpointSlices: a slice that changes triggers a pass of every
 * LoadBalancer in its namespace with a {@code service} backend naming the slice's Service, so the
 * {@code ResolvedRefs} condition follows the endpoints without a change to the resource.
 *
 * <p>Only slices with the {@value ServiceBackendRefs#SERVICE_NAME_LABEL} label are cached (those of
 * Services; the label is how a slice names its Service). The cache is read per namespace and
 * Service, never listed from the API server on a pass.
 */
final class EndpointSliceWatch {

  /** The event source's name. */
  static final String NAME = "endpointslices";

  private EndpointSliceWatch() {}

  /** The event source, mapping a slice to the LoadBalancers whose backends name its Service. */
  static InformerEventSource<EndpointSlice, LoadBalancer> eventSource(
      EventSourceContext<LoadBalancer> context) {
    InformerEventSourceConfiguration<EndpointSlice> configuration =
        InformerEventSourceConfiguration.from(EndpointSlice.class, LoadBalancer.class)
            .withName(NAME)
            .withLabelSelector(ServiceBackendRefs.SERVICE_NAME_LABEL)
            .withSecondaryToPrimaryMapper(
                slice -> {
                  String namespace = slice.getMetadata().getNamespace();
                  String service = serviceOf(slice);
                  return context
                      .getPrimaryCache()
                      .list(namespace, lb -> ServiceBackendRefs.services(lb).contains(service))
                      .map(ResourceID::fromResource)
                      .collect(Collectors.toSet());
                })
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The cached slices of Service {@code service} in {@code namespace}. */
  static List<EndpointSlice> slices(
      Context<LoadBalancer> context, String namespace, String service) {
    return slicesIn(context, namespace).apply(service);
  }

  /**
   * The cached slices of a Service (by name) in {@code namespace}. The function keeps the cache,
   * not {@code context}: a health gate reads it again on its own thread, after this pass.
   */
  static Function<String, List<EndpointSlice>> slicesIn(
      Context<LoadBalancer> context, String namespace) {
    @SuppressWarnings("unchecked")
    InformerEventSource<EndpointSlice, LoadBalancer> source =
        (InformerEventSource<EndpointSlice, LoadBalancer>)
            context.eventSourceRetriever().getEventSourceFor(EndpointSlice.class, NAME);
    return service -> source.list(namespace, slice -> service.equals(serviceOf(slice))).toList();
  }

  private static String serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    return labels == null ? null : labels.get(ServiceBackendRefs.SERVICE_NAME_LABEL);
  }
}
