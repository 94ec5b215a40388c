package dev.roundhouse.proxy.health;

import dev.roundhouse.api.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A probe whose verdict per backend the test sets, counting the checks it gets. */
final class ScriptedProbe implements Probe {

  private final Map<String, Boolean> healthy = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
  private final Map<String, String> paths = new ConcurrentHashMap<>();

  void setHealthy(String address, boolean up) {
    healthy.put(address, up);
  }

  int checks(String address) {
    return checks.computeIfAbsent(address, a -> new AtomicInteger()).get();
  }

  String lastPath(String address) {
    return paths.get(address);
  }

  @Override
  public CompletionStage<ProbeResult> check(Backend backend, String path, Duration timeout) {
    String address = backend.address();
    checks.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    paths.put(address, path);
    boolean ok = healthy.getOrDefault(address, true);
    return CompletableFuture.completedFuture(
        new ProbeResult(ok, ok ? "HTTP 200" : "HTTP 500", Instant.now(), Duration.ZERO));
  }
}
