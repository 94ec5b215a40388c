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

  private final Rendezvous rendezvous;

  IpHashBalancer(List<BackendState> backends) {
    this.rendezvous = new Rendezvous(requireNonNull(backends, "backends"));
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    return rendezvous.pick(Rendezvous.hash(client.getAddress()), Eligibility.AVAILABLE, excluded);
  }
}
