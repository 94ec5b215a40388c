package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * {@code least-response-time}: of two backends drawn at random, the one with the lower cost, its
 * {@link dev.roundhouse.proxy.backend.PeakEwma peak EWMA} response time times its requests in
 * flight plus one, divided by its weight. Comparing two random candidates rather than taking the
 * best of all ("power of two choices") keeps many proxy replicas, each with its own view, from all
 * herding onto the backend that looks best, while still steering most traffic away from a slow one.
 * A backend with no estimate yet (new, or idle for long) costs nothing while it has nothing in
 * flight, so it is tried at once; with a request in flight and still no answer it costs the most,
 * so a burst does not all go to a newcomer. A backend ramping under {@link SlowStart} wins a
 * comparison only with the probability of its factor.
 */
final class LeastResponseTimeBalancer implements Balancer {

  private final List<BackendState> backends;
  private final SlowStart slowStart;
  private final PanicMode panic;

  LeastResponseTimeBalancer(List<BackendState> backends, SlowStart slowStart, PanicMode panic) {
    this.backends = List.copyOf(requireNonNull(backends, "backends"));
    this.panic = requireNonNull(panic, "panic");
    this.slowStart = requireNonNull(slowStart, "slowStart");
  }

  @Override
  public @Nullable BackendState pick(InetAddress client, Collection<BackendState> excluded) {
    Eligibility eligibility = panic.eligibility(backends);
    int count = Candidates.count(backends, eligibility, excluded);
    if (count <= 1) {
      return count == 0 ? null : Candidates.nth(backends, eligibility, excluded, 0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int i = random.nextInt(count);
    int j = random.nextInt(count - 1);
    if (j >= i) {
      j++;
    }
    BackendState a = Candidates.nth(backends, eligibility, excluded, i);
    BackendState b = Candidates.nth(backends, eligibility, excluded, j);
    boolean aIn = slowStart.admits(a);
    if (aIn != slowStart.admits(b)) {
      return aIn ? a : b;
    }
    return cost(a) <= cost(b) ? a : b;
  }

  @Override
  public boolean weighsResponseTimes() {
    return true;
  }

  static double cost(BackendState backend) {
    double latency = backend.responseTime().nanos();
    int inFlight = backend.inFlight();
    if (latency == 0) {
      return inFlight == 0 ? 0 : Double.MAX_VALUE / 2 + inFlight;
    }
    return latency * (inFlight + 1) / backend.backend().weight();
  }
}
