package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** A uniformly random available backend. */
final class RandomBalancer implements Balancer {

  private final List<BackendState> backends;
  private final PanicMode panic;

  RandomBalancer(List<BackendState> backends, PanicMode panic) {
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
        backends, eligibility, excluded, ThreadLocalRandom.current().nextInt(count));
  }
}
