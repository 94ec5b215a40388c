package dev.roundhouse.proxy.balance;

import dev.roundhouse.proxy.backend.BackendState;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The backends a request may go to: {@link Eligibility eligible}, and not tried yet. Counting and
 * indexing without building a list keeps picking free of allocation on the data path.
 */
final class Candidates {

  private Candidates() {}

  static int count(
      List<BackendState> backends, Eligibility eligibility, Collection<BackendState> excluded) {
    int count = 0;
    for (int i = 0; i < backends.size(); i++) {
      if (eligibility.eligible(backends.get(i), excluded)) {
        count++;
      }
    }
    return count;
  }

  /** The {@code k}-th eligible backend (from 0), or null if there are not that many. */
  static @Nullable BackendState nth(
      List<BackendState> backends,
      Eligibility eligibility,
      Collection<BackendState> excluded,
      int k) {
    int seen = 0;
    for (int i = 0; i < backends.size(); i++) {
      BackendState backend = backends.get(i);
      if (eligibility.eligible(backend, excluded) && seen++ == k) {
        return backend;
      }
    }
    return null;
  }
}
