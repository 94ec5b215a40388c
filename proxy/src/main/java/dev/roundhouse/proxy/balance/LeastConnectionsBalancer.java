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
 * traffic instead of the first one taking all of it.
 */
final class LeastConnectionsBalancer implements Balancer {

  private final List<BackendState> backends;
  private final AtomicInteger start = new AtomicInteger();

  LeastConnectionsBalancer(List<BackendState> backends) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    int n = backends.size();
    if (n == 0) {
      return null;
    }
    int first = Math.floorMod(start.getAndIncrement(), n);
    BackendState best = null;
    for (int i = 0; i < n; i++) {
      BackendState candidate = backends.get((first + i) % n);
      if (Candidates.eligible(candidate, excluded)
          && (best == null || lessLoaded(candidate, best))) {
        best = candidate;
      }
    }
    return best;
  }

  /** {@code a.inFlight / a.weight < b.inFlight / b.weight}, without division. */
  private static boolean lessLoaded(BackendState a, BackendState b) {
    return (long) a.inFlight() * b.backend().weight() < (long) b.inFlight() * a.backend().weight();
  }
}
