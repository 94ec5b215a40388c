package dev.roundhouse.proxy;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.routing.RoutingTable;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The data path alone, in the test's process: a {@link ProxyServer} serving one config. */
final class InProcessProxy {

  private InProcessProxy() {}

  /**
   * A config with one frontend on {@code port} and {@code backends}; {@code timeouts} and {@code
   * retries} null for the defaults.
   */
  static LoadBalancerConfig config(
      int port, Timeouts timeouts, Integer retries, String... backends) {
    return new LoadBalancerConfig(
        List.of(Frontend.onPort(port)),
        Stream.of(backends).map(Backend::of).toList(),
        null,
        null,
        timeouts,
        retries,
        null,
        null);
  }

  /**
   * Starts a proxy for {@code config} (already validated) with event loops of its own, listening on
   * all its frontends, as {@code RunningProxy} puts a first config in force.
   *
   * @throws ListenException when a frontend port cannot be bound; nothing is left running
   */
  static ProxyServer start(
      LoadBalancerConfig config, ProxyOptions options, TrafficObserver observer)
      throws ListenException {
    ProxyServer server =
        ProxyServer.idle(
            Transport.create(options.workers(), options.transport()), options, observer);
    try {
      server.routing().install(RoutingTable.of(config, server.routing().current(), Instant.now()));
      for (Frontend frontend : config.frontends()) {
        server.listeners().bind(frontend);
      }
    } catch (ListenException e) {
      server.close();
      throw e;
    }
    return server;
  }
}
