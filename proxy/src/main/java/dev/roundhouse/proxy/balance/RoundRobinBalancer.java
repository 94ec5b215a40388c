package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Strict rotation over the available backends: with three healthy backends, 300 requests give
 * exactly 100 each, in the order 1, 2, 3, 1, 2, 3... A backend that goes down drops out of the
 * rotation; the others share its turns.
 */
final class RoundRobinBalancer implements Balancer {

  private final List<BackendState> backends;
  private final PanicMode panic;
  private final AtomicInteger next = new AtomicInteger();

  RoundRobinBalancer(List<BackendState> backends, PanicMode panic) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
    this.panic = requireNonNull(panic, "panic");
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    Eligibility eligibility = panic.eligibility(backends);
    int count = Candidates.count(backends, eligibility, excluded);
    if (count == 0) {
      return null;
    }
    return Candidates.nth(
        backends, eligibility, excluded, Math.floorMod(next.getAndIncrement(), count));
  }
}
