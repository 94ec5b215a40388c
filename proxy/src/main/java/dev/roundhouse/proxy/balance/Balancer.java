package dev.roundhouse.proxy.balance;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the backend for the next request. Implementations are thread-safe: every event loop picks
 * through the same instance, so that a rotation is one rotation for the whole proxy.
 */
public interface Balancer {

  /**
   * Picks a backend that is available and not in {@code excluded}.
   *
   * @param client the client's address ({@code ip-hash} keys on it; the others ignore it)
   * @param excluded backends this request has already tried (empty on the first attempt)
   * @return the backend, or {@code null} when none is available
   */
  @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded);

  /**
   * Whether the picks read the backends' {@linkplain BackendState#responseTime() response times}:
   * only then does the data path time each response for them (two clock reads, a lock and an
   * exponential per request). A reload that switches to such an algorithm starts from no samples.
   */
  default boolean weighsResponseTimes() {
    return false;
  }
}
