package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.PortRef;
import dev.roundhouse.api.ServiceRef;
import dev.roundhouse.proxy.discovery.Endpoint.Readiness;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of a Service, from its EndpointSlices ({@code kubernetes.io/service-name=<name>} in
 * the proxy's namespace), followed with an informer.
 *
 * <p>Per slice, the port is the slice's port of the Service port's name (by name), or of that
 * number, or the slice's only port (by number: a slice names its ports after the Service's, and
 * gives the target port). An endpoint is {@link Readiness#READY} when its {@code ready} condition
 * is (or is unset), {@link Readiness#TERMINATING} when it is {@code serving} and {@code
 * terminating}, else not ready. FQDN slices are skipped.
 */
public final class EndpointSliceSource implements EndpointSource {

  private static final Logger log = LoggerFactory.getLogger(EndpointSliceSource.class);

  /** The label EndpointSlices carry with the name of their Service. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final String namespace;
  private final ServiceRef service;
  private volatile List<Endpoint> endpoints = List.of();
  private @Nullable SharedIndexInformer<EndpointSlice> informer;
  private volatile @Nullable Runnable changed;

  /** The endpoints of {@code service} in {@code namespace}, read through {@code client}. */
  public EndpointSliceSource(KubernetesClient client, String namespace, ServiceRef service) {
    this.client = requireNonNull(client, "client");
    this.namespace = requireNonNull(namespace, "namespace");
    this.service = requireNonNull(service, "service");
  }

  @Override
  public synchronized void start(Runnable changed) {
    requireNonNull(changed, "changed");
    informer =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(namespace)
            .withLabel(SERVICE_NAME_LABEL, service.name())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(EndpointSlice slice) {
                    refresh();
                  }

                  @Override
                  public void onUpdate(EndpointSlice before, EndpointSlice after) {
                    refresh();
                  }

                  @Override
                  public void onDelete(EndpointSlice slice, boolean unknownFinalState) {
                    refresh();
                  }
                });
    refresh();
    this.changed = changed;
  }

  @Override
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  private void refresh() {
    SharedIndexInformer<EndpointSlice> source = informer;
    if (source == null) {
      return; // the initial list, before inform() returned: start() reads it
    }
    List<Endpoint> now = endpointsOf(source.getStore().list(), service.port());
    Runnable announce;
    synchronized (this) {
      if (now.equals(endpoints)) {
        return;
      }
      endpoints = now;
      announce = changed;
    }
    if (announce != null) {
      announce.run();
    }
  }

  /** The endpoints {@code slices} give for {@code port}, sorted by address. */
  static List<Endpoint> endpointsOf(List<EndpointSlice> slices, PortRef port) {
    List<Endpoint> out = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
        continue;
      }
      Integer number = portOf(slice, port);
      if (number == null) {
        continue;
      }
      for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint : slice.getEndpoints()) {
        Readiness readiness = readiness(endpoint.getConditions());
        String pod =
            endpoint.getTargetRef() != null && "Pod".equals(endpoint.getTargetRef().getKind())
                ? endpoint.getTargetRef().getName()
                : null;
        for (String address : endpoint.getAddresses()) {
          out.add(new Endpoint(address, number, pod, endpoint.getZone(), readiness));
        }
      }
    }
    out.sort(Comparator.comparing(Endpoint::host).thenComparingInt(Endpoint::port));
    return List.copyOf(out);
  }

  private static @Nullable Integer portOf(EndpointSlice slice, PortRef port) {
    List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
    for (EndpointPort candidate : ports) {
      if (port.isNamed()
          ? port.name().equals(candidate.getName())
          : candidate.getPort() != null && candidate.getPort() == port.number()) {
        return candidate.getPort();
      }
    }
    if (!port.isNamed() && ports.size() == 1) {
      return ports.get(0).getPort();
    }
    return null;
  }

  private static Readiness readiness(@Nullable EndpointConditions conditions) {
    // Unset conditions are true for ready and serving, false for terminating (the API's rules).
    if (conditions == null || !Boolean.FALSE.equals(conditions.getReady())) {
      return Readiness.READY;
    }
    boolean serving = !Boolean.FALSE.equals(conditions.getServing());
    boolean terminating = Boolean.TRUE.equals(conditions.getTerminating());
    return serving && terminating ? Readiness.TERMINATING : Readiness.NOT_READY;
  }

  @Override
  public synchronized void close() {
    changed = null;
    if (informer != null) {
      informer.close();
    }
  }

  @Override
  public String toString() {
    return "EndpointSlices of service " + service + " in " + namespace;
  }
}
