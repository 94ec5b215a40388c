package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.discovery.Endpoint.Readiness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint sources of the config's dynamic backends, and the expansion of its backends into
 * concrete ones.
 *
 * <p>{@link #update} starts a source for each dynamic backend the config has and closes those it no
 * longer has (a backend whose weight alone changed keeps its source). {@link #expand} turns the
 * config's backends into concrete ones: a static backend stays as it is; a dynamic one becomes one
 * backend per ready endpoint, with its weight (serving-but-terminating endpoints only when none is
 * ready). When any set changes, {@code changed} runs, on the source's thread.
 */
public final class DynamicBackends implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DynamicBackends.class);

  private final Function<Backend, EndpointSource> sources;
  private final Runnable changed;
  // Guarded by this. Keyed by the backend with its weight left out.
  private final Map<Backend, EndpointSource> running = new HashMap<>();
  private final Map<Backend, List<Endpoint>> logged = new HashMap<>();

  /**
   * Dynamic backends whose sources {@code sources} makes; {@code changed} runs when an endpoint set
   * changed.
   */
  public DynamicBackends(Function<Backend, EndpointSource> sources, Runnable changed) {
    this.sources = requireNonNull(sources, "sources");
    this.changed = requireNonNull(changed, "changed");
  }

  /** Follows the dynamic backends among {@code configured}, and only those. */
  public synchronized void update(List<Backend> configured) {
    Set<Backend> wanted = new HashSet<>();
    for (Backend backend : configured) {
      if (backend.dynamic()) {
        wanted.add(key(backend));
      }
    }
    running
        .entrySet()
        .removeIf(
            e -> {
              boolean gone = !wanted.contains(e.getKey());
              if (gone) {
                e.getValue().close();
                logged.remove(e.getKey());
              }
              return gone;
            });
    for (Backend key : wanted) {
      if (!running.containsKey(key)) {
        EndpointSource source = sources.apply(key);
        running.put(key, source);
        source.start(() -> changed(key));
      }
    }
  }

  private void changed(Backend key) {
    synchronized (this) {
      if (!running.containsKey(key)) {
        return;
      }
    }
    changed.run();
  }

  /**
   * The concrete backends of {@code configured}, in config order, each address once (the first
   * backend naming it wins). Logs each dynamic backend whose endpoints changed since the last call.
   */
  public synchronized List<Backend> expand(List<Backend> configured) {
    Map<String, Backend> out = new LinkedHashMap<>();
    for (Backend backend : configured) {
      if (!backend.dynamic()) {
        out.putIfAbsent(backend.address(), backend);
        continue;
      }
      List<Endpoint> endpoints = inRotation(endpoints(backend));
      for (Endpoint endpoint : endpoints) {
        Backend concrete = backend.endpoint(url(backend, endpoint));
        out.putIfAbsent(concrete.address(), concrete);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** The endpoints of the dynamic backend {@code backend} now, all of them; empty if unknown. */
  public synchronized List<Endpoint> endpoints(Backend backend) {
    EndpointSource source = running.get(key(backend));
    List<Endpoint> endpoints = source == null ? List.of() : source.endpoints();
    logChange(backend, endpoints);
    return endpoints;
  }

  /** The URL requests to {@code endpoint} of {@code backend} go to. */
  public static String url(Backend backend, Endpoint endpoint) {
    String scheme = backend.url() != null && backend.secure() ? "https" : "http";
    return scheme + "://" + endpoint.hostPort();
  }

  /** The ready endpoints; if there are none, the serving-but-terminating ones. */
  static List<Endpoint> inRotation(List<Endpoint> endpoints) {
    List<Endpoint> ready =
        endpoints.stream().filter(e -> e.readiness() == Readiness.READY).toList();
    if (!ready.isEmpty()) {
      return ready;
    }
    return endpoints.stream().filter(e -> e.readiness() == Readiness.TERMINATING).toList();
  }

  private void logChange(Backend backend, List<Endpoint> endpoints) {
    Backend key = key(backend);
    List<Endpoint> before = logged.put(key, endpoints);
    if (endpoints.equals(before)) {
      return;
    }
    String name = backend.service() != null ? "service " + backend.service() : backend.url();
    List<Endpoint> used = inRotation(endpoints);
    if (used.isEmpty()) {
      log.warn(
          "backend {} has no ready endpoint ({} known): it gets no requests, and a request that"
              + " only it could take gets 503 until it has one",
          name,
          endpoints.size());
      return;
    }
    log.info(
        "backend {}: {} endpoints in rotation{}: {}",
        name,
        used.size(),
        used.get(0).readiness() == Readiness.TERMINATING
            ? " (terminating ones: none is ready)"
            : "",
        used.stream().map(Endpoint::hostPort).toList());
  }

  private static Backend key(Backend backend) {
    return new Backend(
        backend.url(), null, backend.service(), backend.resolve(), backend.resolveInterval());
  }

  /** Stops every source. */
  @Override
  public synchronized void close() {
    running.values().forEach(EndpointSource::close);
    running.clear();
  }
}
