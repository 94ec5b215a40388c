package dev.roundhouse.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.health.ProbeResult;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.RejectionReason;
import dev.roundhouse.proxy.observe.SessionRouting;
import dev.roundhouse.proxy.observe.SlowClientPhase;
import dev.roundhouse.proxy.observe.TrafficObserver;
import dev.roundhouse.proxy.observe.TunnelSummary;
import dev.roundhouse.proxy.observe.UpgradeResult;
import io.micrometer.core.instrument.Meter;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final String B1 = "http://b1:9001";
  private static final String B2 = "http://b2:9002";

  private final ProxyMetrics metrics = new ProxyMetrics(PooledByteBufAllocator.DEFAULT);
  private final TrafficObserver observer = metrics.observer();
  private final BackendState b1 = new BackendState(Backend.of(B1), NOW);
  private final BackendState b2 = new BackendState(Backend.of(B2), NOW);

  @AfterEach
  void close() {
    metrics.close();
  }

  private static Exchange exchange(
      String frontend, String method, int status, String backend, Duration duration) {
    return new Exchange(
        NOW.toEpochMilli(),
        frontend,
        "10.0.0.7",
        method,
        "/orders/42?x=1",
        status,
        backend,
        duration.toNanos(),
        120,
        "req-1",
        null);
  }

  private Scrape scrape() {
    return Scrape.parse(metrics.scrape());
  }

  @Test
  void requestsAreCountedByFrontendBackendMethodAndCode() {
    metrics.update(List.of(Frontend.onPort(8080), new Frontend(8081, "api")), List.of(b1, b2));

    for (int i = 0; i < 3; i++) {
      observer.exchangeCompleted(exchange("8080", "GET", 200, B1, Duration.ofMillis(3)));
    }
    observer.exchangeCompleted(exchange("api", "POST", 502, B2, Duration.ofMillis(40)));
    observer.exchangeCompleted(exchange("api", "BREW", 200, B2, Duration.ofMillis(40)));

    Scrape scrape = scrape();
    assertThat(
            scrape.value(
                "roundhouse_requests_total",
                "frontend",
                "8080",
                "backend",
                B1,
                "method",
                "GET",
                "code",
                "200"))
        .isEqualTo(3);
    assertThat(
            scrape.value(
                "roundhouse_requests_total",
                "frontend",
                "api",
                "backend",
                B2,
                "method",
                "POST",
                "code",
                "502"))
        .isEqualTo(1);
    assertThat(scrape.value("roundhouse_requests_total", "method", "OTHER")).isEqualTo(1);
    assertThat(scrape.sum("roundhouse_requests_total")).isEqualTo(5);
    assertThat(scrape.sum("roundhouse_request_duration_seconds_count")).isEqualTo(5);
  }

  @Test
  void upgradesAreCountedByResultAndOpenTunnelsUntilTheirExchangeCompletes() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    assertThat(scrape().value("roundhouse_upgrades_total", "result", "switched")).isZero();

    observer.upgradeAnswered(UpgradeResult.SWITCHED);
    observer.upgradeAnswered(UpgradeResult.SWITCHED);
    observer.upgradeAnswered(UpgradeResult.REFUSED);
    observer.upgradeAnswered(UpgradeResult.FAILED);
    assertThat(scrape().value("roundhouse_tunnels_active")).isEqualTo(2);

    Exchange plain = exchange("8080", "GET", 101, B1, Duration.ofMillis(2));
    observer.exchangeCompleted(
        new Exchange(
            plain.startMillis(),
            plain.frontend(),
            plain.client(),
            plain.method(),
            plain.path(),
            plain.status(),
            plain.backend(),
            plain.durationNanos(),
            0,
            plain.requestId(),
            null,
            new TunnelSummary(Duration.ofMinutes(5), 10, 20, TunnelSummary.ClosedBy.CLIENT)));

    Scrape scrape = scrape();
    assertThat(scrape.value("roundhouse_tunnels_active")).isEqualTo(1);
    assertThat(scrape.value("roundhouse_upgrades_total", "result", "switched")).isEqualTo(2);
    assertThat(scrape.value("roundhouse_upgrades_total", "result", "refused")).isEqualTo(1);
    assertThat(scrape.value("roundhouse_upgrades_total", "result", "failed")).isEqualTo(1);
    assertThat(
            scrape.value(
                "roundhouse_requests_total",
                "frontend",
                "8080",
                "backend",
                B1,
                "method",
                "GET",
                "code",
                "101"))
        .isEqualTo(1);
  }

  @Test
  void aRequestNoBackendAnsweredIsCountedUnderBackendNone() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));

    observer.exchangeCompleted(
        exchange("8080", "GET", 503, Exchange.NO_BACKEND, Duration.ofMillis(1)));

    assertThat(
            scrape()
                .value(
                    "roundhouse_requests_total",
                    "backend",
                    "none",
                    "code",
                    "503",
                    "frontend",
                    "8080"))
        .isEqualTo(1);
  }

  @Test
  void durationsFallInBucketsFromAMillisecondToAMinute() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));

    observer.exchangeCompleted(exchange("8080", "GET", 200, B1, Duration.ofMillis(7)));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B1, Duration.ofSeconds(20)));

    Scrape scrape = scrape();
    String name = "roundhouse_request_duration_seconds_bucket";
    assertThat(scrape.value(name, "backend", B1, "le", "0.001")).isZero();
    assertThat(scrape.value(name, "backend", B1, "le", "0.005")).isZero();
    assertThat(scrape.value(name, "backend", B1, "le", "0.01")).isEqualTo(1);
    assertThat(scrape.value(name, "backend", B1, "le", "10.0")).isEqualTo(1);
    assertThat(scrape.value(name, "backend", B1, "le", "30.0")).isEqualTo(2);
    assertThat(scrape.value(name, "backend", B1, "le", "60.0")).isEqualTo(2);
    assertThat(scrape.value(name, "backend", B1, "le", "+Inf")).isEqualTo(2);
    assertThat(scrape.value("roundhouse_request_duration_seconds_sum", "backend", B1))
        .isEqualTo(20.007, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void backendGaugesFollowTheBackendState() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, b2));
    b1.requestStarted();
    b1.requestStarted();
    b2.markDown("3 failed checks in a row, last: connection refused", NOW);

    Scrape scrape = scrape();
    assertThat(scrape.value("roundhouse_backend_up", "backend", B1)).isEqualTo(1);
    assertThat(scrape.value("roundhouse_backend_up", "backend", B2)).isZero();
    assertThat(scrape.value("roundhouse_backend_active_requests", "backend", B1)).isEqualTo(2);

    b1.requestFinished();
    b2.markUp("2 passed checks in a row (HTTP 200)", NOW);

    scrape = scrape();
    assertThat(scrape.value("roundhouse_backend_up", "backend", B2)).isEqualTo(1);
    assertThat(scrape.value("roundhouse_backend_active_requests", "backend", B1)).isEqualTo(1);
  }

  @Test
  void frontendConnectionsGoUpAndDown() {
    metrics.update(List.of(Frontend.onPort(8080), Frontend.onPort(8081)), List.of(b1));
    observer.connectionOpened("8080");
    observer.connectionOpened("8080");
    observer.connectionOpened("8081");
    observer.connectionClosed("8080");

    Scrape scrape = scrape();
    assertThat(scrape.value("roundhouse_frontend_connections_active", "frontend", "8080"))
        .isEqualTo(1);
    assertThat(scrape.value("roundhouse_frontend_connections_active", "frontend", "8081"))
        .isEqualTo(1);
    assertThat(metrics.openConnections("8080")).isEqualTo(1);
  }

  @Test
  void slowClientsRejectedConnectionsAndPausedAcceptingAreCountedPerFrontend() {
    metrics.update(List.of(Frontend.onPort(8080), Frontend.onPort(8081)), List.of(b1));
    observer.clientTimedOut("8080", SlowClientPhase.HEAD);
    observer.clientTimedOut("8080", SlowClientPhase.HEAD);
    observer.clientTimedOut("8081", SlowClientPhase.BODY);
    observer.connectionRejected("8081", RejectionReason.PER_CLIENT);
    observer.acceptPaused("8080", true);
    observer.acceptPaused("8081", true);
    observer.acceptPaused("8081", false);

    Scrape scrape = scrape();
    assertThat(
            scrape.value("roundhouse_client_timeouts_total", "frontend", "8080", "phase", "head"))
        .isEqualTo(2);
    assertThat(
            scrape.value("roundhouse_client_timeouts_total", "frontend", "8081", "phase", "body"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "roundhouse_connections_rejected_total",
                "frontend",
                "8081",
                "reason",
                "per_client"))
        .isEqualTo(1);
    assertThat(scrape.value("roundhouse_frontend_accept_paused", "frontend", "8080")).isEqualTo(1);
    assertThat(scrape.value("roundhouse_frontend_accept_paused", "frontend", "8081")).isZero();
  }

  @Test
  void errorsRetriesAndChecksAreCountedPerBackend() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    assertThat(scrape().value("roundhouse_backend_errors_total", "backend", B1, "type", "reset"))
        .isZero();

    observer.backendFailed(b1, FailureKind.BACKEND_RESET);
    observer.backendFailed(b1, FailureKind.CONNECT_FAILED);
    observer.backendFailed(b1, FailureKind.CONNECT_FAILED);
    observer.retried(b1);
    metrics.healthListener().checked(b1, new ProbeResult(true, "HTTP 200", NOW, Duration.ZERO));
    metrics.healthListener().checked(b1, new ProbeResult(false, "HTTP 500", NOW, Duration.ZERO));
    metrics.healthListener().checked(b1, new ProbeResult(false, "HTTP 500", NOW, Duration.ZERO));

    Scrape scrape = scrape();
    assertThat(scrape.value("roundhouse_backend_errors_total", "backend", B1, "type", "reset"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "roundhouse_backend_errors_total", "backend", B1, "type", "connect_failed"))
        .isEqualTo(2);
    assertThat(scrape.value("roundhouse_retries_total", "backend", B1)).isEqualTo(1);
    assertThat(scrape.value("roundhouse_health_checks_total", "backend", B1, "result", "success"))
        .isEqualTo(1);
    assertThat(scrape.value("roundhouse_health_checks_total", "backend", B1, "result", "failure"))
        .isEqualTo(2);
  }

  @Test
  void configReloadsAndRevision() {
    Scrape before = scrape();
    assertThat(before.value("roundhouse_config_reloads_total", "result", "accepted")).isZero();
    assertThat(before.value("roundhouse_config_reloads_total", "result", "rejected")).isZero();
    assertThat(before.value("roundhouse_config_revision")).isZero();

    metrics.config().loaded(1);
    metrics.config().accepted(2);
    metrics.config().rejected();
    metrics.config().rejected();

    Scrape after = scrape();
    assertThat(after.value("roundhouse_config_reloads_total", "result", "accepted")).isEqualTo(1);
    assertThat(after.value("roundhouse_config_reloads_total", "result", "rejected")).isEqualTo(2);
    assertThat(after.value("roundhouse_config_revision")).isEqualTo(2);
  }

  @Test
  void aRemovedBackendsSeriesAreScrapedOnceMoreAfterItsLastRequestThenGo() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, b2));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));
    b2.requestStarted();

    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));

    assertThat(scrape().find("roundhouse_backend_up", "backend", B2)).hasSize(1);
    b2.requestFinished();
    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));
    assertThat(scrape().value("roundhouse_requests_total", "backend", B2)).isEqualTo(2);

    Scrape after = scrape();
    assertThat(after.samples()).noneMatch(s -> B2.equals(s.labels().get("backend")));
    assertThat(after.find("roundhouse_backend_up", "backend", B1)).hasSize(1);

    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));
    assertThat(scrape().samples()).noneMatch(s -> B2.equals(s.labels().get("backend")));
  }

  @Test
  void withoutScrapesARemovedBackendsSeriesGoAtTheNextReloadOnceItIsDrained() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, b2));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));
    b2.requestStarted();

    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    assertThat(metersOf(B2)).as("a request still in flight").isNotEmpty();

    b2.requestFinished();
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));

    assertThat(metersOf(B2)).isEmpty();
    assertThat(metersOf(B1)).isNotEmpty();
  }

  private List<Meter> metersOf(String backend) {
    return metrics.registry().getMeters().stream()
        .filter(m -> backend.equals(m.getId().getTag("backend")))
        .toList();
  }

  @Test
  void aBackendAddedBackAfterRemovalStartsAfresh() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, b2));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    scrape();
    scrape();
    BackendState again = new BackendState(Backend.of(B2), NOW);

    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, again));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));

    Scrape scrape = scrape();
    assertThat(scrape.value("roundhouse_requests_total", "backend", B2)).isEqualTo(1);
    assertThat(scrape.value("roundhouse_backend_up", "backend", B2)).isEqualTo(1);
  }

  @Test
  void aBackendRemovedAndAddedBackBeforeItsSeriesWentKeepsThem() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, b2));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B2, Duration.ofMillis(3)));
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    scrape();

    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1, b2));
    scrape();
    scrape();

    assertThat(scrape().value("roundhouse_requests_total", "backend", B2)).isEqualTo(1);
  }

  @Test
  void aRemovedFrontendsGaugeGoes() {
    metrics.update(List.of(Frontend.onPort(8080), Frontend.onPort(8081)), List.of(b1));

    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));

    Scrape scrape = scrape();
    assertThat(scrape.find("roundhouse_frontend_connections_active", "frontend", "8081")).isEmpty();
    assertThat(scrape.find("roundhouse_client_timeouts_total", "frontend", "8081")).isEmpty();
    assertThat(scrape.find("roundhouse_connections_rejected_total", "frontend", "8081")).isEmpty();
    assertThat(scrape.find("roundhouse_client_timeouts_total", "frontend", "8080")).isNotEmpty();
  }

  @Test
  void countersOfRareEventsAreThereAtZeroBeforeTheFirstOne() {
    metrics.update(List.of(Frontend.onPort(8080), Frontend.onPort(8081)), List.of(b1));

    Scrape scrape = scrape();
    for (String frontend : List.of("8080", "8081")) {
      for (SlowClientPhase phase : SlowClientPhase.values()) {
        assertThat(
                scrape.value(
                    "roundhouse_client_timeouts_total",
                    "frontend",
                    frontend,
                    "phase",
                    phase.label()))
            .as("client timeouts of %s, %s", frontend, phase)
            .isZero();
      }
      assertThat(
              scrape.value(
                  "roundhouse_connections_rejected_total",
                  "frontend",
                  frontend,
                  "reason",
                  RejectionReason.PER_CLIENT.label()))
          .isZero();
    }
    for (SessionRouting routing : SessionRouting.values()) {
      assertThat(scrape.value("roundhouse_session_persistence_total", "result", routing.label()))
          .as("session persistence %s", routing)
          .isZero();
    }

    observer.sessionRouted(SessionRouting.STICKY);
    observer.clientTimedOut("8081", SlowClientPhase.BODY);
    scrape = scrape();
    assertThat(scrape.value("roundhouse_session_persistence_total", "result", "sticky"))
        .isEqualTo(1);
    assertThat(scrape.value("roundhouse_session_persistence_total", "result", "new")).isZero();
    assertThat(
            scrape.value("roundhouse_client_timeouts_total", "frontend", "8081", "phase", "body"))
        .isEqualTo(1);
    assertThat(
            scrape.value("roundhouse_client_timeouts_total", "frontend", "8081", "phase", "head"))
        .isZero();
  }

  @Test
  void labelsAreOnlyTheDocumentedOnes() {
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    observer.exchangeCompleted(exchange("8080", "GET", 200, B1, Duration.ofMillis(3)));
    observer.exchangeCompleted(
        exchange("8080", "GET", 503, Exchange.NO_BACKEND, Duration.ofMillis(3)));
    observer.backendFailed(b1, FailureKind.BACKEND_RESET);
    observer.retried(b1);
    observer.connectionOpened("8080");
    observer.clientTimedOut("8080", SlowClientPhase.HEAD);
    observer.connectionRejected("8080", RejectionReason.PER_CLIENT);
    observer.acceptPaused("8080", true);
    observer.sessionRouted(SessionRouting.NEW);

    Map<String, Set<String>> allowed =
        Map.ofEntries(
            Map.entry("roundhouse_requests_total", Set.of("frontend", "backend", "method", "code")),
            Map.entry("roundhouse_request_duration_seconds", Set.of("frontend", "backend")),
            Map.entry("roundhouse_backend_up", Set.of("backend")),
            Map.entry("roundhouse_backend_active_requests", Set.of("backend")),
            Map.entry("roundhouse_frontend_connections_active", Set.of("frontend")),
            Map.entry("roundhouse_frontend_accept_paused", Set.of("frontend")),
            Map.entry("roundhouse_client_timeouts_total", Set.of("frontend", "phase")),
            Map.entry("roundhouse_connections_rejected_total", Set.of("frontend", "reason")),
            Map.entry("roundhouse_backend_errors_total", Set.of("backend", "type")),
            Map.entry("roundhouse_health_checks_total", Set.of("backend", "result")),
            Map.entry("roundhouse_retries_total", Set.of("backend")),
            Map.entry("roundhouse_upgrades_total", Set.of("result")),
            Map.entry("roundhouse_tunnels_active", Set.of()),
            Map.entry("roundhouse_backend_ejected", Set.of("backend")),
            Map.entry("roundhouse_retries_refused_total", Set.of("backend")),
            Map.entry("roundhouse_outlier_ejections_total", Set.of("backend")),
            Map.entry("roundhouse_session_persistence_total", Set.of("result")),
            Map.entry("roundhouse_config_reloads_total", Set.of("result")),
            Map.entry("roundhouse_config_revision", Set.of()));
    List<Scrape.Sample> ours =
        scrape().samples().stream().filter(s -> s.name().startsWith("roundhouse_")).toList();

    assertThat(ours).isNotEmpty();
    for (Scrape.Sample sample : ours) {
      String family = sample.name().replaceAll("_(bucket|count|sum|max)$", "");
      assertThat(allowed).as(sample.name()).containsKey(family);
      Set<String> labels = new java.util.HashSet<>(sample.labels().keySet());
      labels.remove("le");
      assertThat(allowed.get(family)).as(sample.toString()).containsAll(labels);
      assertThat(sample.labels().values())
          .noneMatch(v -> v.contains("/orders") || v.contains("10.0.0.7") || v.equals("req-1"));
    }
  }

  @Test
  void aGarbageCollectionIsCountedAtTheNextScrapeWithNoListenerPerCollection() {
    double before = collections(scrape());

    System.gc();
    Scrape after = scrape();

    assertThat(collections(after)).isGreaterThanOrEqualTo(before + 1);
    assertThat(after.find("jvm_gc_collection_time_seconds_total")).isNotEmpty();
    assertThat(after.find("jvm_gc_pause_seconds_count"))
        .as("Micrometer's JvmGcMetrics, which handles a notification per collection")
        .isEmpty();
  }

  private static double collections(Scrape scrape) {
    List<Scrape.Sample> samples = scrape.find("jvm_gc_collections_total");
    assertThat(samples).isNotEmpty().allMatch(s -> !s.labels().get("gc").isEmpty());
    return samples.stream().mapToDouble(Scrape.Sample::value).sum();
  }

  @Test
  void jvmAndNettyBufferMetricsAreThere() {
    Scrape scrape = scrape();

    assertThat(scrape.find("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(scrape.find("jvm_threads_live_threads")).isNotEmpty();
    assertThat(scrape.find("process_uptime_seconds")).isNotEmpty();
    assertThat(scrape.find("netty_allocator_memory_used")).isNotEmpty();
    assertThat(scrape.find("netty_allocator_pooled_arenas")).isNotEmpty();
  }

  /**
   * The JVM's meters are bound at the first scrape, and what happened before it is in that scrape:
   * they read the JVM's own counts then.
   */
  @Test
  void theJvmMetersComeWithTheFirstScrapeAndMissNothingBeforeIt() {
    assertThat(metrics.registry().find("jvm.memory.used").meters()).as("before a scrape").isEmpty();

    System.gc();
    Scrape first = scrape();

    assertThat(collections(first)).as("the collection before the first scrape").isPositive();
    assertThat(first.find("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(first.find("netty_allocator_memory_used")).isNotEmpty();
  }
}
