package dev.roundhouse.proxy.metrics;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.health.HealthListener;
import dev.roundhouse.proxy.health.ProbeResult;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.RejectionReason;
import dev.roundhouse.proxy.observe.SessionRouting;
import dev.roundhouse.proxy.observe.SlowClientPhase;
import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.observe.UpgradeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns what the data path and the health checker report into meters. Requests answered by no
 * backend (a 503 when none is healthy, a 400 for malformed HTTP) count under {@code backend="none"}
 * ({@link Exchange#NO_BACKEND}). Reports about a backend that is not (or no longer) configured are
 * dropped rather than resurrecting its series.
 */
final class TrafficMetrics implements TrafficObserver, HealthListener {

  private final MeterRegistry registry;
  private final Map<String, BackendMeters> backends = new ConcurrentHashMap<>();
  private final Map<String, FrontendConnections> frontends = new ConcurrentHashMap<>();
  private final AtomicInteger tunnels = new AtomicInteger();
  private final Map<UpgradeResult, Counter> upgrades = new EnumMap<>(UpgradeResult.class);
  private final Map<SessionRouting, Counter> sessions = new EnumMap<>(SessionRouting.class);

  TrafficMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    backends.put(Exchange.NO_BACKEND, BackendMeters.none(registry, Exchange.NO_BACKEND));
    Gauge.builder(MetricNames.TUNNELS_ACTIVE, tunnels, AtomicInteger::get)
        .description("Connections upgraded to a tunnel (WebSockets) open now.")
        .register(registry);
    // Every result from the start, so that a rate has a zero to start from.
    for (UpgradeResult result : UpgradeResult.values()) {
      upgrades.put(
          result,
          byResult(
              MetricNames.UPGRADES,
              "Requests that asked to upgrade their connection (WebSocket handshakes), by result:"
                  + " switched (101, now a tunnel), refused (another status), failed (no answer).",
              result.label()));
    }
    for (SessionRouting routing : SessionRouting.values()) {
      sessions.put(
          routing,
          byResult(
              MetricNames.SESSION_PERSISTENCE,
              "Requests routed by session persistence: sticky (to the backend their cookie or"
                  + " header names), new (balanced, got a cookie), rebalanced (their cookie named"
                  + " no available backend; got a new one).",
              routing.label()));
    }
  }

  private Counter byResult(String name, String description, String result) {
    return Counter.builder(name)
        .description(description)
        .tag(MetricNames.RESULT, result)
        .register(registry);
  }

  /**
   * Shows these frontends and backends; the meters of removed ones go (backends once drained: at
   * the second scrape after, or, should nobody scrape, at the next reload without them).
   */
  synchronized void update(Collection<String> frontendLabels, Collection<BackendState> states) {
    Set<String> wantedFrontends = new HashSet<>(frontendLabels);
    wantedFrontends.forEach(f -> frontend(f).show());
    frontends.forEach(
        (label, connections) -> {
          if (!wantedFrontends.contains(label)) {
            connections.hide();
          }
        });
    Set<String> wanted = new HashSet<>();
    for (BackendState state : states) {
      wanted.add(state.address());
      BackendMeters meters = backends.get(state.address());
      if (meters != null && meters.state() == state) {
        meters.stay();
      } else {
        if (meters != null) {
          meters.remove();
        }
        backends.put(state.address(), BackendMeters.of(registry, state));
      }
    }
    backends
        .entrySet()
        .removeIf(
            entry -> {
              BackendMeters meters = entry.getValue();
              if (meters.state() == null || wanted.contains(entry.getKey()) || !meters.leave()) {
                return false;
              }
              meters.remove();
              return true;
            });
  }

  /**
   * Called before each scrape: unregisters the meters of removed backends whose last request was
   * done at the previous scrape, so that their final counts are scraped once before they go.
   */
  synchronized void sweep() {
    backends
        .values()
        .removeIf(
            meters -> {
              if (meters.expired()) {
                meters.remove();
                return true;
              }
              return false;
            });
  }

  /** Connections open on {@code frontend} now. */
  int openConnections(String frontend) {
    FrontendConnections connections = frontends.get(frontend);
    return connections == null ? 0 : connections.open();
  }

  @Override
  public void connectionOpened(String frontend) {
    frontend(frontend).opened();
  }

  @Override
  public void connectionClosed(String frontend) {
    frontend(frontend).closed();
  }

  @Override
  public void clientTimedOut(String frontend, SlowClientPhase phase) {
    frontend(frontend).timedOut(phase);
  }

  @Override
  public void connectionRejected(String frontend, RejectionReason reason) {
    frontend(frontend).rejected(reason);
  }

  @Override
  public void acceptPaused(String frontend, boolean paused) {
    frontend(frontend).acceptPaused(paused);
  }

  @Override
  public void backendFailed(BackendState backend, FailureKind kind) {
    BackendMeters meters = backends.get(backend.address());
    if (meters != null) {
      meters.failed(kind);
    }
  }

  @Override
  public void sessionRouted(SessionRouting routing) {
    sessions.get(routing).increment();
  }

  @Override
  public void retryRefused(BackendState backend) {
    BackendMeters meters = backends.get(backend.address());
    if (meters != null) {
      meters.retryRefused();
    }
  }

  @Override
  public void retried(BackendState backend) {
    BackendMeters meters = backends.get(backend.address());
    if (meters != null) {
      meters.retried();
    }
  }

  @Override
  public void upgradeAnswered(UpgradeResult result) {
    if (result == UpgradeResult.SWITCHED) {
      tunnels.incrementAndGet();
    }
    upgrades.get(result).increment();
  }

  @Override
  public void exchangeCompleted(Exchange exchange) {
    if (exchange.tunnel() != null) {
      tunnels.decrementAndGet();
    }
    BackendMeters meters = backends.get(exchange.backend());
    if (meters != null) {
      meters.exchange(
          exchange.frontend(),
          Labels.method(exchange.method()),
          Labels.code(exchange.status()),
          exchange.durationNanos());
    }
  }

  @Override
  public void checked(BackendState backend, ProbeResult result) {
    BackendMeters meters = backends.get(backend.address());
    if (meters != null) {
      meters.checked(result.ok());
    }
  }

  private FrontendConnections frontend(String label) {
    FrontendConnections connections = frontends.get(label);
    return connections != null
        ? connections
        : frontends.computeIfAbsent(label, l -> new FrontendConnections(registry, l).show());
  }
}
