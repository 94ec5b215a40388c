package dev.roundhouse.proxy.balance;

import dev.roundhouse.proxy.backend.BackendState;
import java.util.Collection;

/** Which backends one pick may choose, besides those the request has already tried. */
enum Eligibility {
  /** The usual rule: backends that are {@link BackendState#available() available}. */
  AVAILABLE,
  /**
   * Panic mode: too few backends are available, so every backend still configured may be chosen,
   * down or ejected alike, rather than piling all traffic on the few left.
   */
  CONFIGURED;

  boolean eligible(BackendState backend, Collection<BackendState> excluded) {
    boolean open = this == AVAILABLE ? backend.available() : !backend.retired();
    return open && (excluded.isEmpty() || !excluded.contains(backend));
  }
}
