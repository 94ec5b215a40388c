package dev.roundhouse.proxy.routing;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.Limits;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.balance.Balancer;
import dev.roundhouse.proxy.balance.Balancers;
import dev.roundhouse.proxy.balance.PanicMode;
import dev.roundhouse.proxy.balance.RetryLimiter;
import dev.roundhouse.proxy.balance.SessionAffinity;
import dev.roundhouse.proxy.balance.SlowStart;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything a request needs to be routed, frozen: a request reads the table once when it arrives
 * and uses that table until it is done, retries included, even if a new config is installed
 * meanwhile.
 *
 * @param backends the backends of the config, in config order
 * @param algorithm the configured algorithm
 * @param balancer picks among {@code backends} by {@code algorithm}
 * @param timeouts connect, request, idle and client time limits
 * @param retries how many other backends a request may try when a connection cannot be made
 * @param limits the connection limits, in all and per client address
 * @param frontends the frontends of the config, whose own connection limits the listeners read
 * @param upgrades the protocols a request may switch its connection to ({@code upgrades})
 * @param affinity session persistence: which backend a request's session is bound to
 * @param slowStart how backends that join or return ramp up (the balancer applies it)
 * @param panic whether too few backends are available, so all are balanced over
 * @param retryBudget how many retries may be sent now
 */
public record RoutingTable(
    List<BackendState> backends,
    Algorithm algorithm,
    Balancer balancer,
    Timeouts timeouts,
    int retries,
    Limits limits,
    List<Frontend> frontends,
    List<String> upgrades,
    SessionAffinity affinity,
    SlowStart slowStart,
    PanicMode panic,
    RetryLimiter retryBudget) {

  /** Checks the parts and freezes the list. */
  public RoutingTable {
    backends = List.copyOf(requireNonNull(backends, "backends"));
    requireNonNull(algorithm, "algorithm");
    requireNonNull(balancer, "balancer");
    requireNonNull(timeouts, "timeouts");
    requireNonNull(limits, "limits");
    frontends = List.copyOf(requireNonNull(frontends, "frontends"));
    upgrades = List.copyOf(requireNonNull(upgrades, "upgrades"));
    requireNonNull(affinity, "affinity");
    requireNonNull(slowStart, "slowStart");
    requireNonNull(panic, "panic");
    requireNonNull(retryBudget, "retryBudget");
  }

  /** The connection limit of the frontend on {@code port}; null when it has none. */
  public @Nullable Integer maxConnections(int port) {
    for (Frontend frontend : frontends) {
      if (frontend.port() == port) {
        return frontend.maxConnections();
      }
    }
    return null;
  }

  /**
   * The algorithm and the balancing policies in force, with their state, for {@code /status}: an
   * ordered map of JSON values.
   */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("algorithm", algorithm.configName());
    affinity.describe().ifPresent(d -> out.put("sessionPersistence", d));
    if (panic.thresholdPercent() > 0) {
      out.put("panicThreshold", panic.thresholdPercent());
      out.put("panic", panic.active());
    }
    if (slowStart.on()) {
      Map<String, Object> ramping = new LinkedHashMap<>();
      for (BackendState backend : backends) {
        double factor = slowStart.factor(backend);
        if (factor < 1 && backend.available()) {
          ramping.put(backend.address(), Math.round(factor * 100));
        }
      }
      out.put(
          "slowStart",
          Map.of("window", GoDuration.format(slowStart.window()), "weightPercent", ramping));
    }
    Map<String, Object> budget = retryBudget.describe();
    if (budget != null) {
      out.put("retryBudget", budget);
    }
    return out;
  }

  /**
   * The table of a (validated) config. A backend that {@code previous} already has, by address,
   * keeps its state object, so its health and in-flight count carry over; the others start healthy.
   * {@code previous} is null for the first config.
   */
  public static RoutingTable of(LoadBalancerConfig config, RoutingTable previous, Instant now) {
    return of(config, previous, now, Clock.systemUTC());
  }

  /** {@link #of(LoadBalancerConfig, RoutingTable, Instant)}, slow start timed by {@code clock}. */
  public static RoutingTable of(
      LoadBalancerConfig config, RoutingTable previous, Instant now, Clock clock) {
    Map<String, BackendState> known = new HashMap<>();
    if (previous != null) {
      for (BackendState state : previous.backends()) {
        known.put(state.address(), state);
      }
    }
    SlowStart slowStart = new SlowStart(config.slowStart(), clock);
    PanicMode panic =
        config.outlierDetection() == null
            ? PanicMode.OFF
            : new PanicMode(config.outlierDetection().panicThreshold());
    // The backends a proxy starts with are all in rotation at once, at full weight (as HAProxy's
    // slowstart, which does not apply at start): only those a later config adds ramp up.
    Instant joined = known.isEmpty() ? Instant.EPOCH : now;
    List<BackendState> states = new ArrayList<>();
    for (Backend backend : config.backends()) {
      BackendState old = known.get(backend.address());
      boolean same = old != null && old.backend().equals(backend) && !old.retired();
      states.add(same ? old : new BackendState(backend, now, joined));
    }
    return new RoutingTable(
        states,
        config.algorithm(),
        Balancers.create(config.algorithm(), states, slowStart, panic),
        config.timeouts(),
        config.retries(),
        config.limits(),
        config.frontends(),
        config.upgrades(),
        SessionAffinity.of(config.sessionPersistence(), states),
        slowStart,
        panic,
        config.retryBudget() == null
            ? RetryLimiter.UNLIMITED
            : new RetryLimiter(config.retryBudget(), System::nanoTime));
  }
}
