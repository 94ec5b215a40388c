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
import java.util.concurrent.ConcurrentHashMap;
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
  // Keyed by the backend with its weight left out. Changed under this; read without it by status.
  private final Map<Backend, EndpointSource> running = new ConcurrentHashMap<>();
  // Guarded by this.
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
    if (running.containsKey(key)) {
      changed.run();
    }
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
      List<Endpoint> all = endpoints(backend);
      logChange(backend, all);
      for (Endpoint endpoint : inRotation(all)) {
        Backend concrete = backend.endpoint(url(backend, endpoint));
        out.putIfAbsent(concrete.address(), concrete);
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * The endpoints of the dynamic backend {@code backend} now, all of them, in rotation or not;
   * empty if unknown. Does not block.
   */
  public List<Endpoint> endpoints(Backend backend) {
    EndpointSource source = running.get(key(backend));
    return source == null ? List.of() : source.endpoints();
  }

  /**
   * The dynamic backends of {@code configured} with their endpoints, for {@code /status}: ordered
   * maps of JSON values. {@code state} gives the health of an endpoint by address ({@code "up"},
   * {@code "down"}), null for one out of rotation. Does not block.
   */
  public List<Map<String, Object>> describe(
      List<Backend> configured, Function<String, String> state) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Backend backend : configured) {
      if (!backend.dynamic()) {
        continue;
      }
      List<Endpoint> endpoints = endpoints(backend);
      Set<Endpoint> used = new HashSet<>(inRotation(endpoints));
      List<Map<String, Object>> listed = new ArrayList<>();
      for (Endpoint endpoint : endpoints) {
        Map<String, Object> entry = new LinkedHashMap<>();
        String address = url(backend, endpoint);
        entry.put("address", address);
        entry.put("pod", endpoint.pod());
        entry.put("zone", endpoint.zone());
        entry.put("readiness", endpoint.readiness().toString().toLowerCase(java.util.Locale.ROOT));
        entry.put("inRotation", used.contains(endpoint));
        entry.put("health", used.contains(endpoint) ? state.apply(address) : null);
        listed.add(entry);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("backend", name(backend));
      entry.put("weight", backend.weight());
      entry.put("endpoints", listed);
      if (used.isEmpty()) {
        entry.put(
            "problem",
            endpoints.isEmpty()
                ? "resolves to nothing: no endpoint"
                : "no ready endpoint (" + endpoints.size() + " known)");
      }
      out.add(entry);
    }
    return out;
  }

  /** A backend as the config names it: its Service, or its URL. */
  public static String name(Backend backend) {
    return backend.service() != null ? "service " + backend.service() : backend.url();
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
    String name = name(backend);
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
