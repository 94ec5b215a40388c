package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The same client IP reaches the same backend while that backend is available, by {@link
 * Rendezvous} hashing of the client's address: when a backend goes down only its own clients move,
 * and they come back when it returns.
 */
final class IpHashBalancer implements Balancer {

  private final List<BackendState> backends;
  private final Rendezvous rendezvous;
  private final PanicMode panic;

  IpHashBalancer(List<BackendState> backends, PanicMode panic) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
    this.rendezvous = new Rendezvous(this.backends);
    this.panic = requireNonNull(panic, "panic");
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    return rendezvous.pick(
        Rendezvous.hash(client.getAddress()), panic.eligibility(backends), excluded);
  }
}
