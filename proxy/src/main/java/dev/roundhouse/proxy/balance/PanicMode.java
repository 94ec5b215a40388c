package dev.roundhouse.proxy.balance;

import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's panic mode ({@code outlierDetection.panicThreshold}): when fewer than the threshold's
 * percentage of the backends are available (down or ejected alike), every pick balances over all
 * configured backends, healthy or not, rather than pile the whole load on the few left (or answer
 * 503 with none). Judged at every pick; entering and leaving it are logged once each.
 */
public final class PanicMode {

  private static final Logger log = LoggerFactory.getLogger(PanicMode.class);

  /** No panic mode: only available backends are ever picked. */
  public static final PanicMode OFF = new PanicMode(0);

  private final int thresholdPercent;
  private final AtomicBoolean active = new AtomicBoolean();

  /** Panic below {@code thresholdPercent} percent of the backends available; 0 turns it off. */
  public PanicMode(int thresholdPercent) {
    this.thresholdPercent = thresholdPercent;
  }

  /** The threshold, in percent (0: off). */
  public int thresholdPercent() {
    return thresholdPercent;
  }

  /** Whether the last judgement found too few backends available. */
  public boolean active() {
    return active.get();
  }

  /** Which backends a pick among {@code backends} may choose now. */
  Eligibility eligibility(List<BackendState> backends) {
    if (thresholdPercent == 0 || backends.isEmpty()) {
      return Eligibility.AVAILABLE;
    }
    int available = 0;
    for (int i = 0; i < backends.size(); i++) {
      if (backends.get(i).available()) {
        available++;
      }
    }
    boolean panic = available * 100 < thresholdPercent * backends.size();
    if (active.getAndSet(panic) != panic) {
      if (panic) {
        log.warn(
            "PANIC MODE: only {} of {} backends are available, below panicThreshold {}%;"
                + " balancing over all {} of them, healthy or not, until enough come back",
            available, backends.size(), thresholdPercent, backends.size());
      } else {
        log.info(
            "Panic mode is over: {} of {} backends are available again (panicThreshold {}%)",
            available, backends.size(), thresholdPercent);
      }
    }
    return panic ? Eligibility.CONFIGURED : Eligibility.AVAILABLE;
  }
}
