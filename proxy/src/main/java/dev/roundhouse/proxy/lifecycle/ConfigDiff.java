package dev.roundhouse.proxy.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.proxy.logging.ConfigSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What differs between the config in force and the next one: the frontends to bind, unbind or
 * rename, the backends that join, leave or change, and the settings that change. The hitless swap
 * ({@link HitlessConfigApplier}) works from it, and it says in words what a reload changed.
 *
 * @param addedFrontends frontends on ports not listened on before
 * @param removedFrontends frontends whose ports are no longer in the config
 * @param renamedFrontends frontends on a port listened on before, under another label
 * @param securedFrontends frontends on a port listened on before whose TLS or redirect to https
 *     changed
 * @param addedBackends backends whose address was not configured before
 * @param removedBackends backends whose address is no longer configured
 * @param changedBackends backends whose address stays but whose URL or weight changed
 * @param settings the other settings that changed, each in words ({@code retries 2 -> 3})
 * @param adminMoved whether {@code metrics.port} or {@code metrics.address} changed
 */
public record ConfigDiff(
    List<Frontend> addedFrontends,
    List<Frontend> removedFrontends,
    List<Frontend> renamedFrontends,
    List<Frontend> securedFrontends,
    List<Backend> addedBackends,
    List<Backend> removedBackends,
    List<Backend> changedBackends,
    List<String> settings,
    boolean adminMoved) {

  /** Copies the lists. */
  public ConfigDiff {
    addedFrontends = List.copyOf(addedFrontends);
    removedFrontends = List.copyOf(removedFrontends);
    renamedFrontends = List.copyOf(renamedFrontends);
    securedFrontends = List.copyOf(securedFrontends);
    addedBackends = List.copyOf(addedBackends);
    removedBackends = List.copyOf(removedBackends);
    changedBackends = List.copyOf(changedBackends);
    settings = List.copyOf(settings);
  }

  /** The difference from {@code current} (null before the first config) to {@code next}. */
  public static ConfigDiff between(LoadBalancerConfig current, LoadBalancerConfig next) {
    requireNonNull(next, "next");
    LoadBalancerConfig before =
        current != null ? current : LoadBalancerConfig.of(List.of(), List.of());
    Map<Integer, Frontend> oldPorts = byPort(before.frontends());
    Map<Integer, Frontend> newPorts = byPort(next.frontends());
    List<Frontend> added = new ArrayList<>();
    List<Frontend> renamed = new ArrayList<>();
    List<Frontend> secured = new ArrayList<>();
    for (Frontend frontend : next.frontends()) {
      Frontend old = oldPorts.get(frontend.port());
      if (old == null) {
        added.add(frontend);
        continue;
      }
      if (!old.label().equals(frontend.label())) {
        renamed.add(frontend);
      }
      if (!Objects.equals(old.tls(), frontend.tls())
          || !Objects.equals(old.redirectToHttps(), frontend.redirectToHttps())) {
        secured.add(frontend);
      }
    }
    List<Frontend> removed =
        before.frontends().stream().filter(f -> !newPorts.containsKey(f.port())).toList();

    Map<String, Backend> oldBackends = byAddress(before.backends());
    Map<String, Backend> newBackends = byAddress(next.backends());
    List<Backend> joined = new ArrayList<>();
    List<Backend> changed = new ArrayList<>();
    for (Backend backend : next.backends()) {
      Backend old = oldBackends.get(backend.address());
      if (old == null) {
        joined.add(backend);
      } else if (!old.equals(backend)) {
        changed.add(backend);
      }
    }
    List<Backend> left =
        before.backends().stream().filter(b -> !newBackends.containsKey(b.address())).toList();

    return new ConfigDiff(
        added,
        removed,
        renamed,
        secured,
        joined,
        left,
        changed,
        current == null ? List.of() : settings(current, next),
        current == null
            || !current.metrics().port().equals(next.metrics().port())
            || !current.metrics().address().equals(next.metrics().address()));
  }

  private static List<String> settings(LoadBalancerConfig a, LoadBalancerConfig b) {
    List<String> changes = new ArrayList<>();
    change(changes, "algorithm", a.algorithm(), b.algorithm(), String::valueOf);
    change(changes, "health checks", a.healthcheck(), b.healthcheck(), ConfigSummary::healthChecks);
    change(changes, "timeouts", a.timeouts(), b.timeouts(), ConfigDiff::timeouts);
    change(changes, "upgrades", a.upgrades(), b.upgrades(), String::valueOf);
    change(changes, "retries", a.retries(), b.retries(), String::valueOf);
    change(changes, "logging", a.logging(), b.logging(), ConfigDiff::logging);
    change(changes, "metrics", a.metrics().enabled(), b.metrics().enabled(), ConfigDiff::onOff);
    change(changes, "admin port", a.metrics().port(), b.metrics().port(), String::valueOf);
    change(changes, "admin address", a.metrics().address(), b.metrics().address(), s -> s);
    return changes;
  }

  private static <T> void change(
      List<String> changes, String what, T a, T b, java.util.function.Function<T, String> text) {
    if (!Objects.equals(a, b)) {
      changes.add(what + " " + text.apply(a) + " -> " + text.apply(b));
    }
  }

  private static String timeouts(Timeouts t) {
    return "(connect "
        + GoDuration.format(t.connect())
        + ", request "
        + GoDuration.format(t.request())
        + ", idle "
        + GoDuration.format(t.idle())
        + ", tunnel "
        + GoDuration.format(t.tunnel())
        + ")";
  }

  private static String logging(Logging l) {
    return "(" + l.level() + " " + l.format() + ", access log " + onOff(l.accessLog()) + ")";
  }

  private static String onOff(Boolean on) {
    return Boolean.TRUE.equals(on) ? "on" : "off";
  }

  private static Map<Integer, Frontend> byPort(List<Frontend> frontends) {
    Map<Integer, Frontend> map = new LinkedHashMap<>();
    frontends.forEach(f -> map.put(f.port(), f));
    return map;
  }

  private static Map<String, Backend> byAddress(List<Backend> backends) {
    Map<String, Backend> map = new LinkedHashMap<>();
    backends.forEach(b -> map.put(b.address(), b));
    return map;
  }
}
