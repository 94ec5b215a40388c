package dev.roundhouse.proxy.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.admin.StatusSource;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.config.ConfigReloader;
import dev.roundhouse.proxy.config.ConfigRevision;
import dev.roundhouse.proxy.config.ReloaderState;
import dev.roundhouse.proxy.discovery.DynamicBackends;
import dev.roundhouse.proxy.routing.RoutingTableHolder;
import dev.roundhouse.proxy.tls.FrontendCertificates;
import dev.roundhouse.proxy.tls.TlsStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code /status} shows, read from the running proxy: the revision and reload state from the
 * reloader, the frontends of the config in force, the backends of the routing table in force. None
 * of it waits for a reload that runs.
 */
public final class ProxyStatusSource implements StatusSource {

  private final ConfigReloader reloader;
  private final HitlessConfigApplier live;
  private final RoutingTableHolder routing;
  private final FrontendCertificates certificates;
  private final DynamicBackends dynamic;

  /** The status of the proxy that {@code reloader} configures through {@code live}. */
  public ProxyStatusSource(
      ConfigReloader reloader,
      HitlessConfigApplier live,
      RoutingTableHolder routing,
      FrontendCertificates certificates,
      DynamicBackends dynamic) {
    this.reloader = requireNonNull(reloader, "reloader");
    this.live = requireNonNull(live, "live");
    this.routing = requireNonNull(routing, "routing");
    this.certificates = requireNonNull(certificates, "certificates");
    this.dynamic = requireNonNull(dynamic, "dynamic");
  }

  @Override
  public long revision() {
    return reloader.status().active().map(ConfigRevision::number).orElse(0L);
  }

  @Override
  public List<Frontend> frontends() {
    LoadBalancerConfig config = live.current();
    return config == null ? List.of() : config.frontends();
  }

  @Override
  public List<BackendState> backends() {
    return routing.current().backends();
  }

  @Override
  public @Nullable TlsStatus tls(int port) {
    return certificates.status(port);
  }

  @Override
  public Map<String, Object> balancing() {
    return routing.current().describe();
  }

  @Override
  public List<Map<String, Object>> dynamicBackends() {
    LoadBalancerConfig config = live.current();
    if (config == null) {
      return List.of();
    }
    Map<String, String> health = new HashMap<>();
    for (BackendState state : routing.current().backends()) {
      health.put(state.address(), state.available() ? "up" : "down");
    }
    return dynamic.describe(config.backends(), health::get);
  }

  @Override
  public ReloaderState reload() {
    return reloader.status();
  }
}
