package dev.roundhouse.operator.reconciler;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.ServiceRef;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which {@code service} backends of a LoadBalancer resolve to no endpoint the proxies could send a
 * request to, judged from the EndpointSlices the operator watches: the proxies read the same slices
 * and answer 503 for a backend list that resolves to nothing, so the resource says so before a user
 * has to find out from the traffic.
 *
 * <p>A service backend resolves when one of its Service's EndpointSlices (labelled {@value
 * #SERVICE_NAME_LABEL}) has its port (by name, or by number: the port an endpoint is reached on)
 * and an endpoint that is ready, or serving (a terminating endpoint still serving, which the
 * proxies use when nothing else is left). A {@code ready} the slice leaves out counts as ready, as
 * the EndpointSlice API asks of its consumers.
 */
final class ServiceBackendRefs {

  /** The label the EndpointSlice controller puts on each slice: the name of its Service. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private ServiceBackendRefs() {}

  /** Whether {@code lb} has a service backend (and so gets a {@code ResolvedRefs} condition). */
  static boolean any(LoadBalancer lb) {
    return !services(lb).isEmpty();
  }

  /**
   * One line per service backend of {@code lb} that resolves to nothing, naming it by its path in
   * the spec and saying why; empty when every one resolves.
   *
   * @param slicesOf the EndpointSlices of a Service (by name) in {@code lb}'s namespace
   */
  static List<String> unresolved(LoadBalancer lb, Function<String, List<EndpointSlice>> slicesOf) {
    List<String> problems = new ArrayList<>();
    List<Backend> backends = backends(lb);
    for (int i = 0; i < backends.size(); i++) {
      ServiceRef service = backends.get(i) == null ? null : backends.get(i).service();
      if (service == null) {
        continue;
      }
      String why = why(service, slicesOf.apply(service.name()));
      if (why != null) {
        problems.add("spec.backends[" + i + "].service " + service + ": " + why);
      }
    }
    return problems;
  }

  /** The message of a {@code ResolvedRefs} condition (and Event) for {@code unresolved}. */
  static String describe(List<String> unresolved) {
    return String.join("; ", unresolved)
        + " (the proxies send such a backend nothing; with no endpoint left at all they answer 503)";
  }

  /** Why {@code service} resolves to nothing through {@code slices}, or null when it resolves. */
  private static String why(ServiceRef service, List<EndpointSlice> slices) {
    if (slices.isEmpty()) {
      return "no EndpointSlice of Service "
          + service.name()
          + " (the Service does not exist, or it selects no pod)";
    }
    List<EndpointSlice> withPort =
        slices.stream()
            .filter(s -> !"FQDN".equals(s.getAddressType()) && hasPort(s, service))
            .toList();
    if (withPort.isEmpty()) {
      return "Service " + service.name() + " has no port " + service.port();
    }
    boolean serving =
        withPort.stream()
            .filter(s -> s.getEndpoints() != null)
            .flatMap(s -> s.getEndpoints().stream())
            .filter(Objects::nonNull)
            .anyMatch(ServiceBackendRefs::canServe);
    return serving ? null : "none of the endpoints of Service " + service.name() + " is ready";
  }

  /**
   * Whether {@code slice} has {@code service}'s port: by name; by number, the port the endpoints
   * are reached on, or the slice's only port (a Service port number such as 80 whose target port is
   * 8080). As the proxies resolve it.
   */
  private static boolean hasPort(EndpointSlice slice, ServiceRef service) {
    return portOf(slice, service) != null;
  }

  /** The port {@code slice}'s endpoints serve {@code service}'s port on, or null (see hasPort). */
  private static Integer portOf(EndpointSlice slice, ServiceRef service) {
    List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
    for (EndpointPort port : ports) {
      boolean same =
          service.port().isNamed()
              ? service.port().name().equals(port.getName())
              : Objects.equals(service.port().number(), port.getPort());
      if (same) {
        return port.getPort();
      }
    }
    return !service.port().isNamed() && ports.size() == 1 ? ports.get(0).getPort() : null;
  }

  /**
   * The ready endpoints of service backend {@code backend} in {@code slices}, each as a backend of
   * URL {@code http://<address>:<port>} (an IPv6 address in brackets), as the proxies expand it.
   * Serving but terminating endpoints are left out: they are on their way out, not what a new
   * revision is checked by.
   */
  static List<Backend> readyEndpoints(Backend backend, List<EndpointSlice> slices) {
    List<Backend> endpoints = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      Integer port = portOf(slice, backend.service());
      if ("FQDN".equals(slice.getAddressType()) || port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        if (endpoint == null || !isReady(endpoint) || endpoint.getAddresses() == null) {
          continue;
        }
        for (String address : endpoint.getAddresses()) {
          String host = address.contains(":") ? "[" + address + "]" : address;
          endpoints.add(backend.endpoint("http://" + host + ":" + port));
        }
      }
    }
    return endpoints.stream().distinct().toList();
  }

  /** Ready: a {@code ready} the slice leaves out counts as ready. */
  private static boolean isReady(Endpoint endpoint) {
    EndpointConditions conditions = endpoint.getConditions();
    return conditions == null || !Boolean.FALSE.equals(conditions.getReady());
  }

  /**
   * Ready (a {@code ready} the slice leaves out counts as ready), or serving while it terminates,
   * which the proxies use when nothing else is left.
   */
  private static boolean canServe(Endpoint endpoint) {
    if (isReady(endpoint)) {
      return true;
    }
    EndpointConditions conditions = endpoint.getConditions();
    return !Boolean.FALSE.equals(conditions.getServing())
        && Boolean.TRUE.equals(conditions.getTerminating());
  }

  /** The names of the Services {@code lb}'s backends name. */
  static List<String> services(LoadBalancer lb) {
    return backends(lb).stream()
        .filter(b -> b != null && b.service() != null)
        .map(b -> b.service().name())
        .distinct()
        .toList();
  }

  private static List<Backend> backends(LoadBalancer lb) {
    if (lb.getSpec() == null || lb.getSpec().config() == null) {
      return List.of();
    }
    List<Backend> backends = lb.getSpec().config().backends();
    return backends == null ? List.of() : backends;
  }
}
