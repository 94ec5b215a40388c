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

  RandomBalancer(List<BackendState> backends) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    int count = Candidates.count(backends, excluded);
    if (count == 0) {
      return null;
    }
    return Candidates.nth(backends, excluded, ThreadLocalRandom.current().nextInt(count));
  }
}
