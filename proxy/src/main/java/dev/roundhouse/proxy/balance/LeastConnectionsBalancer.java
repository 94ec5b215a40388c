package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The backend with the fewest requests in flight relative to its weight, as nginx's {@code
 * least_conn}. Ties are broken by rotating the starting point, so equally loaded backends share the
 * traffic instead of the first one taking all of it. A backend ramping under {@link SlowStart}
 * competes for a pick only with the probability of its factor (unless nothing else could take it).
 */
final class LeastConnectionsBalancer implements Balancer {

  private final List<BackendState> backends;
  private final AtomicInteger start = new AtomicInteger();
  private final SlowStart slowStart;
  private final PanicMode panic;

  LeastConnectionsBalancer(List<BackendState> backends, SlowStart slowStart, PanicMode panic) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
    this.panic = requireNonNull(panic, "panic");
    this.slowStart = requireNonNull(slowStart, "slowStart");
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    int n = backends.size();
    if (n == 0) {
      return null;
    }
    Eligibility eligibility = panic.eligibility(backends);
    int first = Math.floorMod(start.getAndIncrement(), n);
    BackendState best = null;
    BackendState fallback = null;
    for (int i = 0; i < n; i++) {
      BackendState candidate = backends.get((first + i) % n);
      if (!eligibility.eligible(candidate, excluded)) {
        continue;
      }
      if (!slowStart.admits(candidate)) {
        fallback = fallback == null || lessLoaded(candidate, fallback) ? candidate : fallback;
      } else if (best == null || lessLoaded(candidate, best)) {
        best = candidate;
      }
    }
    return best != null ? best : fallback;
  }

  /** {@code a.inFlight / a.weight < b.inFlight / b.weight}, without division. */
  private static boolean lessLoaded(BackendState a, BackendState b) {
    return (long) a.inFlight() * b.backend().weight() < (long) b.inFlight() * a.backend().weight();
  }
}
