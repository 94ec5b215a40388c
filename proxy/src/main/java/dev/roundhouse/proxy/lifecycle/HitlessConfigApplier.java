package dev.roundhouse.proxy.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.ProxyServer;
import dev.roundhouse.proxy.admin.AdminServer;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.config.ApplyException;
import dev.roundhouse.proxy.config.ConfigApplier;
import dev.roundhouse.proxy.config.ConfigRevision;
import dev.roundhouse.proxy.discovery.DynamicBackends;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.health.HealthChecker;
import dev.roundhouse.proxy.logging.ConfigSummary;
import dev.roundhouse.proxy.logging.LoggingSetup;
import dev.roundhouse.proxy.metrics.ProxyMetrics;
import dev.roundhouse.proxy.routing.RoutingTable;
import dev.roundhouse.proxy.tls.FrontendCertificates;
import dev.roundhouse.proxy.tls.TlsTermination;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hitless swap: puts each accepted config in force in the running proxy, from the difference
 * between what runs and what is asked ({@link ConfigDiff}).
 *
 * <ol>
 *   <li>What can fail comes first and is undone on failure, so the running config stays whole: the
 *       TLS frontends' certificates are read, new frontend ports are bound, then the admin server
 *       moves (bind new, then close old).
 *   <li>Then nothing can fail: the logging settings, the new routing table (algorithm, timeouts,
 *       retries, backends; a backend that stays keeps its state), the frontends that stay take
 *       their new label, TLS and redirect for new connections, the health checks, the metrics'
 *       series; removed backends are retired once no request can still pick them from the old
 *       table, and their idle pooled connections closed; removed ports stop accepting and their
 *       connections close after their request in flight.
 * </ol>
 *
 * <p>Requests in flight keep the routing table they started with to the end, so a swap never fails
 * one. Called by the reloader one revision at a time.
 *
 * <p>The table holds concrete backends: a dynamic one (a Service, {@code resolve: all}) is expanded
 * into its endpoints ({@link DynamicBackends}). When its endpoints change, {@link
 * #endpointsChanged} derives the table again from the same config, the same way: endpoints that
 * stay keep their state, those that leave drain. That is no reload and no new revision.
 */
public final class HitlessConfigApplier implements ConfigApplier {

  private static final Logger log = LoggerFactory.getLogger(HitlessConfigApplier.class);

  private final ProxyServer server;
  private final HealthChecker checker;
  private final ProxyMetrics metrics;
  private final LoggingSetup logging;
  private final AdminServer admin;
  private final ProxyReadiness readiness;
  private final FrontendCertificates certificates;
  private final DynamicBackends dynamic;
  private final Clock clock;
  private volatile LoadBalancerConfig current;
  private boolean closed;

  /** Puts configs in force in {@code server} and the components around it. */
  public HitlessConfigApplier(
      ProxyServer server,
      HealthChecker checker,
      ProxyMetrics metrics,
      LoggingSetup logging,
      AdminServer admin,
      ProxyReadiness readiness,
      FrontendCertificates certificates,
      DynamicBackends dynamic,
      Clock clock) {
    this.server = requireNonNull(server, "server");
    this.checker = requireNonNull(checker, "checker");
    this.metrics = requireNonNull(metrics, "metrics");
    this.logging = requireNonNull(logging, "logging");
    this.admin = requireNonNull(admin, "admin");
    this.readiness = requireNonNull(readiness, "readiness");
    this.certificates = requireNonNull(certificates, "certificates");
    this.dynamic = requireNonNull(dynamic, "dynamic");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The config in force, or null before the first one. */
  public LoadBalancerConfig current() {
    return current;
  }

  /** No config is applied after this (shutdown has begun); a reload is then rejected. */
  public synchronized void close() {
    closed = true;
  }

  @Override
  public synchronized String apply(ConfigRevision revision) throws ApplyException {
    if (closed) {
      throw new ApplyException("the proxy is shutting down");
    }
    LoadBalancerConfig next = revision.config();
    ConfigDiff diff = ConfigDiff.between(current, next);
    Map<Integer, TlsTermination> tls;
    try {
      tls = certificates.prepare(next.frontends());
    } catch (IllegalArgumentException e) {
      throw new ApplyException(e.getMessage(), e);
    }
    boolean first = current == null;
    if (first) {
      // Nothing listens yet: the table goes in first, so that the very first request finds it.
      dynamic.update(next.backends());
      install(next);
    }
    // Logging first, so that every line about this config is written as it says; undone on failure.
    logging.apply(next.logging());
    try {
      moveAdmin(diff, next, bindAdded(diff, tls), first);
    } catch (ApplyException e) {
      if (!first) {
        logging.apply(current.logging());
      }
      throw e;
    }

    // In force from here on: nothing below fails.
    reconfigure(diff, next, tls);
    certificates.commit(tls);
    if (!first) {
      dynamic.update(next.backends());
    }
    Retired retired = first ? new Retired(0) : install(next);
    follow(next);
    int closing = closeRemoved(diff);
    current = next;
    readiness.configured();
    return first ? ConfigSummary.of(next) : describe(diff, closing, retired.inFlight());
  }

  /**
   * Derives the routing table again from the config in force and the endpoints of its dynamic
   * backends now: called when an endpoint set changed.
   */
  public synchronized void endpointsChanged() {
    if (closed || current == null) {
      return;
    }
    install(current);
    follow(current);
  }

  /** The health checks, outlier detection and metrics follow the backends of the table. */
  private void follow(LoadBalancerConfig config) {
    List<BackendState> backends = server.routing().current().backends();
    checker.update(config.healthcheck(), backends);
    checker.outliers().update(config.outlierDetection(), backends);
    metrics.update(config.frontends(), backends);
  }

  private List<Integer> bindAdded(ConfigDiff diff, Map<Integer, TlsTermination> tls)
      throws ApplyException {
    List<Integer> bound = new ArrayList<>();
    for (Frontend frontend : diff.addedFrontends()) {
      try {
        server.connections().reopen(frontend.port());
        server.listeners().bind(frontend, tls.get(frontend.port()));
        bound.add(frontend.port());
      } catch (ListenException e) {
        unbind(bound);
        throw new ApplyException(e.getMessage(), e);
      }
    }
    return bound;
  }

  private void moveAdmin(
      ConfigDiff diff, LoadBalancerConfig next, List<Integer> bound, boolean first)
      throws ApplyException {
    if (!diff.adminMoved()) {
      return;
    }
    try {
      if (first) {
        admin.start(next.metrics().address(), next.metrics().port());
      } else {
        admin.moveTo(next.metrics().address(), next.metrics().port());
      }
    } catch (IllegalStateException e) {
      unbind(bound);
      throw new ApplyException(e.getMessage(), e);
    }
  }

  private void unbind(List<Integer> ports) {
    ports.forEach(server.listeners()::unbind);
  }

  /** The frontends that stay take their label, TLS and redirect for new connections. */
  private void reconfigure(
      ConfigDiff diff, LoadBalancerConfig next, Map<Integer, TlsTermination> tls) {
    Set<Integer> added =
        diff.addedFrontends().stream().map(Frontend::port).collect(Collectors.toSet());
    for (Frontend frontend : next.frontends()) {
      if (added.contains(frontend.port())) {
        continue;
      }
      try {
        server.listeners().bind(frontend, tls.get(frontend.port())); // bound already
      } catch (ListenException e) {
        throw new IllegalStateException("port " + frontend.port() + " was bound already", e);
      }
    }
  }

  /** How many requests the retired backends still had in flight. */
  private record Retired(int inFlight) {}

  /**
   * Installs the table of {@code next} and retires the backend states it no longer has, once every
   * event loop has passed the swap: a request reads the table and picks its backend in one event
   * loop task, so after that no request can still pick a retired backend on its first try.
   */
  private Retired install(LoadBalancerConfig config) {
    List<Backend> concrete = dynamic.expand(config.backends());
    RoutingTable old = server.routing().current();
    RoutingTable table =
        RoutingTable.of(config.toBuilder().backends(concrete).build(), old, clock.instant(), clock);
    server.routing().install(table);
    server.listeners().limitsChanged(); // a raised connection limit lets paused listeners go on
    Set<BackendState> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(table.backends());
    List<BackendState> leaving = old.backends().stream().filter(b -> !kept.contains(b)).toList();
    if (leaving.isEmpty()) {
      return new Retired(0);
    }
    passEveryEventLoop();
    Set<String> addresses = concrete.stream().map(Backend::address).collect(Collectors.toSet());
    int inFlight = 0;
    for (BackendState state : leaving) {
      state.retire();
      inFlight += state.inFlight();
      if (!addresses.contains(state.address())) {
        server.pool().closeIdle(state.address());
      }
    }
    return new Retired(inFlight);
  }

  private void passEveryEventLoop() {
    List<Future<?>> passed = new ArrayList<>();
    for (EventExecutor loop : server.transport().group()) {
      passed.add(loop.submit(() -> {}));
    }
    for (Future<?> future : passed) {
      if (!future.awaitUninterruptibly(5, TimeUnit.SECONDS)) {
        log.warn("an event loop did not answer within 5 s; retiring removed backends anyway");
        return;
      }
    }
  }

  /** Unbinds the removed ports and tells their connections to finish; how many were told. */
  private int closeRemoved(ConfigDiff diff) {
    if (diff.removedFrontends().isEmpty()) {
      return 0;
    }
    List<Integer> ports = diff.removedFrontends().stream().map(Frontend::port).toList();
    unbind(ports);
    return server.connections().finishAndCloseOnPorts(ports);
  }

  private static String describe(ConfigDiff diff, int closing, int inFlight) {
    List<String> parts = new ArrayList<>();
    diff.addedFrontends().forEach(f -> parts.add("port " + f.port() + " added"));
    if (!diff.removedFrontends().isEmpty()) {
      parts.add(
          ports(diff.removedFrontends())
              + " removed ("
              + closing
              + " open connections finish their request in flight, then close)");
    }
    diff.renamedFrontends()
        .forEach(f -> parts.add("port " + f.port() + " renamed to frontend " + f.label()));
    diff.securedFrontends()
        .forEach(
            f ->
                parts.add(
                    "port "
                        + f.port()
                        + (f.tls() != null
                            ? " serves https with new TLS settings"
                            : f.redirectToHttps() != null
                                ? " redirects to https on port " + f.redirectToHttps()
                                : " serves plain http")));
    diff.addedBackends().forEach(b -> parts.add("backend " + DynamicBackends.name(b) + " added"));
    if (!diff.removedBackends().isEmpty()) {
      List<String> urls = diff.removedBackends().stream().map(DynamicBackends::name).toList();
      parts.add(
          (urls.size() == 1 ? "backend " + urls.get(0) : "backends " + urls)
              + " removed ("
              + (inFlight == 1 ? "1 request" : inFlight + " requests")
              + " in flight finish there)");
    }
    diff.changedBackends()
        .forEach(
            b ->
                parts.add(
                    "backend " + DynamicBackends.name(b) + " changed (weight " + b.weight() + ")"));
    parts.addAll(diff.settings());
    return parts.isEmpty() ? "no setting changed" : String.join("; ", parts);
  }

  private static String ports(List<Frontend> frontends) {
    return (frontends.size() == 1 ? "port " : "ports ")
        + frontends.stream().map(f -> String.valueOf(f.port())).collect(Collectors.joining(", "));
  }
}
