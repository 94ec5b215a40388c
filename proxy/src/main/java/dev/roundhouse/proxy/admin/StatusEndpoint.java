package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.admin.StatusJson.BackendStatus;
import dev.roundhouse.proxy.admin.StatusJson.ConfigStatus;
import dev.roundhouse.proxy.admin.StatusJson.FrontendStatus;
import dev.roundhouse.proxy.admin.StatusJson.Totals;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** {@code GET /status}: the {@link StatusJson} as indented JSON, built fresh at each request. */
final class StatusEndpoint implements AdminEndpoint {

  private final StatusSource source;
  private final Readiness readiness;
  private final Function<String, Optional<dev.roundhouse.proxy.health.ProbeResult>> lastCheck;
  private final ToIntFunction<String> connections;

  /**
   * @param lastCheck the latest check of a backend by address
   * @param connections the open connections of a frontend by label
   */
  StatusEndpoint(
      StatusSource source,
      Readiness readiness,
      Function<String, Optional<dev.roundhouse.proxy.health.ProbeResult>> lastCheck,
      ToIntFunction<String> connections) {
    this.source = requireNonNull(source, "source");
    this.readiness = requireNonNull(readiness, "readiness");
    this.lastCheck = requireNonNull(lastCheck, "lastCheck");
    this.connections = requireNonNull(connections, "connections");
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    return AdminResponse.json(200, report());
  }

  StatusJson report() {
    Readiness.State ready = readiness.check();
    List<FrontendStatus> frontends =
        source.frontends().stream()
            .map(f -> FrontendStatus.of(f, connections.applyAsInt(f.label()), source.tls(f.port())))
            .toList();
    List<BackendStatus> backends =
        source.backends().stream()
            .map(b -> BackendStatus.of(b, lastCheck.apply(b.address())))
            .toList();
    Totals totals =
        new Totals(
            backends.size(),
            (int) backends.stream().filter(BackendStatus::available).count(),
            backends.stream().mapToInt(BackendStatus::inFlight).sum(),
            backends.stream().mapToLong(BackendStatus::requests).sum(),
            frontends.stream().mapToInt(FrontendStatus::connections).sum());
    return new StatusJson(
        source.revision(),
        ready.ready(),
        ready.reason(),
        ConfigStatus.of(source.reload()),
        frontends,
        backends,
        source.dynamicBackends(),
        totals,
        source.balancing());
  }
}
