package dev.roundhouse.proxy;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.admin.AdminEndpoints;
import dev.roundhouse.proxy.admin.AdminRoutes;
import dev.roundhouse.proxy.admin.AdminServer;
import dev.roundhouse.proxy.config.ConfigReloader;
import dev.roundhouse.proxy.config.ConfigRevisionHistory;
import dev.roundhouse.proxy.config.HangupSignal;
import dev.roundhouse.proxy.config.ReloadOutcome;
import dev.roundhouse.proxy.config.admin.BearerAuth;
import dev.roundhouse.proxy.config.admin.ConfigAdminEndpoints;
import dev.roundhouse.proxy.discovery.DynamicBackends;
import dev.roundhouse.proxy.discovery.EndpointSources;
import dev.roundhouse.proxy.health.HealthChecker;
import dev.roundhouse.proxy.health.HttpProbe;
import dev.roundhouse.proxy.lifecycle.GracefulShutdown;
import dev.roundhouse.proxy.lifecycle.HitlessConfigApplier;
import dev.roundhouse.proxy.lifecycle.ProxyReadiness;
import dev.roundhouse.proxy.lifecycle.ProxyStatusSource;
import dev.roundhouse.proxy.lifecycle.StopSignals;
import dev.roundhouse.proxy.logging.AccessLog;
import dev.roundhouse.proxy.logging.LoggingSetup;
import dev.roundhouse.proxy.metrics.ProxyMetrics;
import dev.roundhouse.proxy.observe.TrafficObservers;
import dev.roundhouse.proxy.tls.FrontendCertificates;
import dev.roundhouse.proxy.tls.TlsEngine;
import dev.roundhouse.proxy.tls.TlsMetrics;
import io.netty.buffer.ByteBufAllocator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy program, wired in one place: every component is built here, in its constructor, and
 * handed what it needs.
 *
 * <pre>
 * config source -> ConfigReloader -> HitlessConfigApplier (the hitless swap) -> ProxyServer (data path),
 *                                                                     FrontendCertificates (TLS),
 *                                                                     HealthChecker, ProxyMetrics,
 *                                                                     LoggingSetup, AdminServer
 * data path -> observer fan-out -> ProxyMetrics, AccessLog, passive health
 * admin server -> /healthz /readyz /metrics /status, /admin/revisions /admin/reload /admin/rollback
 * SIGHUP -> reload;  SIGTERM, SIGINT -> GracefulShutdown
 * </pre>
 *
 * <p>{@link #start()} loads the first config through the reloader (which puts it in force: ports
 * bound, admin server started) and, if one is in force, starts watching the source and handling
 * signals. {@link #awaitShutdown()} then blocks until a graceful shutdown has finished.
 */
final class RunningProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningProxy.class);

  /** The admin server listens on every interface, so that Prometheus and the kubelet reach it. */
  private final LoggingSetup logging;

  private final AutoCloseable sourceResources;
  private final Transport transport;
  private final ProxyMetrics metrics;
  private final HealthChecker checker;
  private final FrontendCertificates certificates;
  private final ProxyServer server;
  private final ProxyReadiness readiness;
  private final AdminServer admin;
  private final EndpointSources endpointSources;
  private final DynamicBackends dynamic;
  private final HitlessConfigApplier live;
  private final ConfigReloader reloader;
  private final ExecutorService adminActions;
  private final GracefulShutdown shutdown;

  RunningProxy(
      LaunchSettings settings, ConfigSourceChoice source, LoggingSetup logging, Clock clock) {
    requireNonNull(settings, "settings");
    requireNonNull(source, "source");
    requireNonNull(clock, "clock");
    this.logging = requireNonNull(logging, "logging");
    this.sourceResources = source.resources();
    ProxyOptions options = settings.options();

    // The data path and what watches it.
    transport = Transport.create(options.workers(), options.transport());
    // Netty's default allocator: what every channel of the data path allocates from.
    metrics = new ProxyMetrics(ByteBufAllocator.DEFAULT);
    checker =
        new HealthChecker(
            transport.group(),
            new HttpProbe(
                transport.group(), transport.connecting(), HttpProbe.jdkTrustStore(), clock),
            metrics.healthListener(),
            clock);
    server =
        ProxyServer.idle(
            transport,
            options,
            TrafficObservers.of(
                metrics.observer(),
                new AccessLog(logging.accessLogger()),
                checker.passiveObserver(),
                checker.outliers()));

    metrics.watchPanicMode(() -> server.routing().current().panic().active());

    certificates =
        new FrontendCertificates(
            TlsEngine::detect, new TlsMetrics(metrics.registry()), clock, Duration.ofSeconds(10));

    // The admin server, the hitless swap, and the reloader feeding it.
    readiness = new ProxyReadiness();
    adminActions =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "admin-actions");
              thread.setDaemon(true);
              return thread;
            });
    AdminRoutes routes = new AdminRoutes(adminActions);
    admin = new AdminServer(routes);
    // A changed endpoint set derives the table again; live is set before any source starts.
    endpointSources = new EndpointSources(source.kubernetes());
    dynamic = new DynamicBackends(endpointSources, this::endpointsChanged);
    live =
        new HitlessConfigApplier(
            server, checker, metrics, logging, admin, readiness, certificates, dynamic, clock);
    reloader =
        new ConfigReloader(
            source.source(),
            live,
            this::countReload,
            new ConfigRevisionHistory(settings.revisionHistory()),
            settings.overrides(),
            this::hostChecks,
            clock);
    AdminEndpoints.install(
        routes,
        readiness,
        new ProxyStatusSource(reloader, live, server.routing(), certificates, dynamic),
        checker,
        metrics,
        () -> live.current() == null || live.current().metrics().enabled());
    ConfigAdminEndpoints.install(routes, reloader, new BearerAuth(settings.adminToken()));

    shutdown =
        new GracefulShutdown(
            readiness,
            live,
            reloader,
            server,
            settings.shutdownDelay(),
            settings.drainTimeout(),
            this::close);
  }

  /**
   * Handles SIGHUP, SIGTERM and SIGINT from now on, loads the first config and, if it is in force,
   * starts watching the source.
   *
   * @return the outcome of the first load; when it is not in force (rejected), nothing runs and the
   *     caller closes this
   */
  ReloadOutcome start() {
    // Signals first: a SIGTERM that comes while the first config loads must drain too.
    StopSignals.install(shutdown::begin, shutdown::now);
    HangupSignal.install(reloader::reloadNow);
    ReloadOutcome first = reloader.reloadNow();
    if (reloader.status().active().isEmpty() || readiness.shuttingDown()) {
      return first;
    }
    reloader.startWatching();
    log.info(
        "roundhouse-proxy {} is ready: {} transport with {} event loop threads, admin server on"
            + " port {}; SIGHUP re-reads the config, SIGTERM drains and stops",
        Version.current(),
        transport.kind().flagValue(),
        transport.threads(),
        admin.port());
    return first;
  }

  /** Blocks until a signal has started a graceful shutdown and it has finished. */
  void awaitShutdown() throws InterruptedException {
    shutdown.awaitDone();
  }

  /** What only this proxy can check: certificate files, backends it can follow. */
  private List<Violation> hostChecks(LoadBalancerConfig config) {
    List<Violation> out = new ArrayList<>(certificates.check(config));
    out.addAll(endpointSources.check(config));
    return out;
  }

  private void endpointsChanged() {
    live.endpointsChanged();
  }

  /** Counts each reload in the metrics and keeps {@code roundhouse_config_revision} current. */
  private void countReload(ReloadOutcome outcome) {
    switch (outcome.result()) {
      case ACCEPTED -> {
        if (outcome.previousRevision() == 0) {
          metrics.config().loaded(outcome.revision());
        } else {
          metrics.config().accepted(outcome.revision());
        }
      }
      case ROLLED_BACK -> metrics.config().accepted(outcome.revision());
      case REJECTED -> metrics.config().rejected();
      case UNCHANGED -> {}
    }
  }

  /**
   * Stops everything at once, in the reverse order of need: the config watch, the admin actions,
   * the health checks (before their event loops), the admin server, the data path, the metrics, the
   * source's client, and the logging last. Graceful draining happens before, in {@link
   * GracefulShutdown}.
   */
  @Override
  public void close() {
    live.close();
    reloader.close();
    endpointSources.close();
    dynamic.close();
    certificates.close();
    adminActions.shutdownNow();
    checker.close();
    admin.close();
    server.close();
    metrics.close();
    try {
      sourceResources.close();
    } catch (Exception e) {
      log.warn("closing the config source's client failed", e);
    }
    try {
      adminActions.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    logging.close();
  }
}
