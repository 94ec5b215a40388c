package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Makes the endpoint source of a dynamic backend: DNS lookups for {@code resolve: all}, the
 * EndpointSlices of a Service for a service backend (with the Kubernetes API of {@code --configmap}
 * mode, or the one the environment configures: {@link KubernetesAccess}). Owns the timer thread the
 * lookups run on.
 */
public final class EndpointSources implements Function<Backend, EndpointSource>, AutoCloseable {

  private final ScheduledExecutorService timer;
  private final DnsEndpointSource.Lookup lookup;
  private final @Nullable KubernetesAccess kubernetes;

  /**
   * Sources resolving names with the JDK resolver, and reading EndpointSlices through {@code
   * kubernetes} (null without API access: service backends are then refused by {@link #check}).
   */
  public EndpointSources(@Nullable KubernetesAccess kubernetes) {
    this(InetAddress::getAllByName, kubernetes);
  }

  /** Sources resolving names with {@code lookup}. */
  public EndpointSources(DnsEndpointSource.Lookup lookup, @Nullable KubernetesAccess kubernetes) {
    this.lookup = requireNonNull(lookup, "lookup");
    this.kubernetes = kubernetes;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "endpoint-resolver");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * What this proxy cannot follow among the config's backends, each with its path: a service
   * backend without access to the Kubernetes API.
   */
  public List<Violation> check(LoadBalancerConfig config) {
    return kubernetes != null ? List.of() : withoutApi(config);
  }

  /** The service backends of {@code config}, which a proxy without API access cannot follow. */
  public static List<Violation> withoutApi(LoadBalancerConfig config) {
    List<Violation> out = new ArrayList<>();
    for (int i = 0; i < config.backends().size(); i++) {
      Backend backend = config.backends().get(i);
      if (backend.service() != null) {
        out.add(
            new Violation(
                "backends[" + i + "].service",
                "a service backend needs the Kubernetes API to read its EndpointSlices, and none"
                    + " is configured: run the proxy in a pod (or with --configmap), give it a"
                    + " kubeconfig (KUBECONFIG, ~/.kube/config), or use a url with resolve: all"));
      }
    }
    return out;
  }

  @Override
  public EndpointSource apply(Backend backend) {
    if (backend.service() != null) {
      if (kubernetes == null) {
        throw new IllegalStateException("check() keeps service backends out without API access");
      }
      return new EndpointSliceSource(
          kubernetes.client(), kubernetes.namespace(), backend.service());
    }
    return new DnsEndpointSource(
        backend.host(), backend.port(), backend.effectiveResolveInterval(), timer, lookup);
  }

  /** Stops the timer: no lookup runs after this. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
