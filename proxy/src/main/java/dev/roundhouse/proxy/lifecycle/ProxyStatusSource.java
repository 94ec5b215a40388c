package dev.roundhouse.proxy.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.admin.StatusSource;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.config.ConfigReloader;
import dev.roundhouse.proxy.config.ConfigRevision;
import dev.roundhouse.proxy.config.ReloaderState;
import dev.roundhouse.proxy.routing.RoutingTableHolder;
import java.util.List;
import java.util.Map;

/**
 * What {@code /status} shows, read from the running proxy: the revision and reload state from the
 * reloader, the frontends of the config in force, the backends of the routing table in force. None
 * of it waits for a reload that runs.
 */
public final class ProxyStatusSource implements StatusSource {

  private final ConfigReloader reloader;
  private final HitlessConfigApplier live;
  private final RoutingTableHolder routing;

  /** The status of the proxy that {@code reloader} configures through {@code live}. */
  public ProxyStatusSource(
      ConfigReloader reloader, HitlessConfigApplier live, RoutingTableHolder routing) {
    this.reloader = requireNonNull(reloader, "reloader");
    this.live = requireNonNull(live, "live");
    this.routing = requireNonNull(routing, "routing");
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
  public Map<String, Object> balancing() {
    return routing.current().describe();
  }

  @Override
  public ReloaderState reload() {
    return reloader.status();
  }
}
