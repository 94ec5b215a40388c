package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.config.file.FilesWatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of every TLS frontend, kept current: the certificate and key files are watched
 * (atomic renames, Kubernetes' {@code ..data} symlink swaps and in-place writes alike), and a
 * change puts the new certificates in force for new handshakes while open connections keep theirs.
 *
 * <p>A change to something unusable (unparsable, a key that does not match, expired) leaves the
 * certificates in force; it is logged, counted in {@code
 * roundhouse_tls_certificate_reloads_total{result="rejected"}} and shown in {@code /status}. A pair
 * renamed into place one file after the other is briefly mismatched: a problem is reported only if
 * it persists for the settle time (default 10 s), being re-read meanwhile.
 *
 * <p>Config changes go through {@link #check} (validation), {@link #prepare} (may fail: nothing
 * changes) and {@link #commit} (in force), called by the hitless swap one config at a time.
 */
public final class FrontendCertificates implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FrontendCertificates.class);

  /** How often a mismatched pair is re-read while it settles. */
  private static final Duration RECHECK = Duration.ofMillis(250);

  private final Supplier<TlsEngine> detect;
  private @Nullable TlsEngine engine; // detected at the first TLS frontend; guarded by this
  private final TlsMetrics metrics;
  private final Clock clock;
  private final Duration settle;
  private final FilesWatch watch;
  private volatile Map<Integer, TlsTermination> inForce = Map.of();
  private final Map<TlsTermination, Instant> failingSince = new ConcurrentHashMap<>();
  private final Map<String, TlsStatus.RejectionStatus> lastRejection = new ConcurrentHashMap<>();

  /**
   * Certificates served with the engine {@code detect} finds, asked at the first TLS frontend:
   * finding OpenSSL loads and initializes its native library, about a fifth of the main thread's
   * work at start (docs/bench.md, "Start"), which a proxy without TLS frontends never needs.
   *
   * @param settle how long a changed pair that cannot be used is re-read before it is reported
   */
  public FrontendCertificates(
      Supplier<TlsEngine> detect, TlsMetrics metrics, Clock clock, Duration settle) {
    this.detect = requireNonNull(detect, "detect");
    this.metrics = requireNonNull(metrics, "metrics");
    this.clock = requireNonNull(clock, "clock");
    this.settle = requireNonNull(settle, "settle");
    this.watch =
        new FilesWatch(
            "tls-certificate-watch",
            "a renewed certificate is read only at the next config reload (SIGHUP)",
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            this::changed);
  }

  /** The engine serving TLS, found by the first call. */
  public synchronized TlsEngine engine() {
    if (engine == null) {
      engine = requireNonNull(detect.get(), "detected engine");
    }
    return engine;
  }

  /**
   * What only this host can check about the TLS of {@code config}: that each certificate's files
   * exist, parse, belong together and are valid now. Each problem has its path, e.g. {@code
   * frontends[1].tls.sni[0].key}.
   */
  public List<Violation> check(LoadBalancerConfig config) {
    List<Violation> problems = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < config.frontends().size(); i++) {
      Frontend frontend = config.frontends().get(i);
      if (frontend.tls() == null) {
        continue;
      }
      try {
        ServerCertificates.read(frontend.tls(), now);
      } catch (CertificateException e) {
        problems.add(new Violation("frontends[" + i + "].tls." + e.field(), e.getMessage()));
      }
    }
    return problems;
  }

  /**
   * The TLS of each TLS frontend of {@code frontends}, by port: what runs now where the frontend's
   * TLS settings and label are unchanged (its files re-read), else loaded anew. Nothing is in force
   * until {@link #commit}.
   *
   * @throws IllegalArgumentException when a certificate cannot be used; its message has the path
   */
  public Map<Integer, TlsTermination> prepare(List<Frontend> frontends) {
    Map<Integer, TlsTermination> prepared = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (int i = 0; i < frontends.size(); i++) {
      Frontend frontend = frontends.get(i);
      if (frontend.tls() == null) {
        continue;
      }
      TlsTermination running = inForce.get(frontend.port());
      try {
        if (running != null
            && running.settings().equals(frontend.tls())
            && running.frontend().equals(frontend.label())) {
          reload(running, now);
          prepared.put(frontend.port(), running);
        } else {
          prepared.put(
              frontend.port(),
              TlsTermination.load(frontend.label(), frontend.tls(), engine(), metrics, now));
        }
      } catch (CertificateException e) {
        throw new IllegalArgumentException(
            "frontends[" + i + "].tls." + e.field() + ": " + e.getMessage(), e);
      }
    }
    return prepared;
  }

  /** Puts {@code prepared} in force: its certificates are the ones watched and shown. */
  public void commit(Map<Integer, TlsTermination> prepared) {
    boolean first = inForce.isEmpty() && !prepared.isEmpty();
    inForce = Map.copyOf(prepared);
    failingSince.keySet().retainAll(prepared.values());
    prepared.values().forEach(t -> metrics.frontend(t.frontend()));
    metrics.show(prepared.values());
    List<Path> files = new ArrayList<>();
    prepared.values().forEach(t -> files.addAll(t.files()));
    watch.watch(files);
    if (first) {
      log.info("TLS is served by {}", engine().description());
    }
  }

  /** The TLS of the frontend on {@code port} for {@code /status}, or null if it has none. */
  public @Nullable TlsStatus status(int port) {
    TlsTermination termination = inForce.get(port);
    if (termination == null) {
      return null;
    }
    return new TlsStatus(
        engine().label(),
        termination.certificates().stream().map(TlsStatus.CertificateStatus::of).toList(),
        lastRejection.get(termination.frontend()));
  }

  /** The watch saw a change: re-reads every frontend's files. */
  private @Nullable Duration changed() {
    Instant now = clock.instant();
    boolean settling = false;
    for (TlsTermination termination : inForce.values()) {
      try {
        reload(termination, now);
        failingSince.remove(termination);
      } catch (CertificateException e) {
        Instant since = failingSince.putIfAbsent(termination, now);
        if (since == null || Duration.between(since, now).compareTo(settle) < 0) {
          settling = true; // perhaps a pair half renamed into place: look again soon
        } else {
          reject(termination, e, now);
        }
      }
    }
    return settling ? RECHECK : null;
  }

  private void reload(TlsTermination termination, Instant now) throws CertificateException {
    if (termination.reload(now)) {
      CertifiedKey first = termination.certificates().get(0);
      log.info(
          "frontend {}: new TLS certificate in force for new connections: {} ({}, expires {});"
              + " open connections keep theirs",
          termination.frontend(),
          first.certificateFile(),
          first.subject(),
          first.notAfter());
      metrics.reloaded(termination.frontend(), true);
      metrics.show(inForce.values());
    }
  }

  private void reject(TlsTermination termination, CertificateException e, Instant now) {
    String problem = "tls." + e.field() + ": " + e.getMessage();
    TlsStatus.RejectionStatus last = lastRejection.get(termination.frontend());
    failingSince.remove(termination); // reported: the next change starts a new wait
    if (last != null && last.problem().equals(problem)) {
      return; // the same bad files seen again (a touch): reported already
    }
    lastRejection.put(
        termination.frontend(), new TlsStatus.RejectionStatus(now.toString(), problem));
    metrics.reloaded(termination.frontend(), false);
    log.warn(
        "frontend {}: the changed certificate files cannot be used, the certificate in force ({},"
            + " expires {}) keeps serving: {}",
        termination.frontend(),
        termination.certificates().get(0).subject(),
        termination.certificates().get(0).notAfter(),
        problem);
  }

  /** Stops watching the files. */
  @Override
  public void close() {
    watch.close();
  }
}
