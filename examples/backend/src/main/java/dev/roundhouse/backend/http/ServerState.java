package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import io.netty.util.AsciiString;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection of one backend shares: its id, the health switch, the request counters and
 * whether it is shutting down.
 *
 * <p>Counters are {@link LongAdder}s so that event loops never contend on one cache line; the
 * switches are volatile because any event loop may flip them and all must see it.
 */
public final class ServerState {

  private final String id;
  private final AsciiString idHeaderValue;
  private final LongAdder served = new LongAdder();
  private final LongAdder inFlight = new LongAdder();
  private volatile boolean healthy = true;
  private volatile boolean draining;

  /** Creates the state of a backend named {@code id}, healthy and not draining. */
  public ServerState(String id) {
    this.id = requireNonNull(id, "id");
    this.idHeaderValue = AsciiString.cached(id);
  }

  /** The backend's id, as given by {@code -id}. */
  public String id() {
    return id;
  }

  /** The id as a header value, built once. */
  AsciiString idHeaderValue() {
    return idHeaderValue;
  }

  /** Whether {@code /health} answers 200 (true) or 503 (false). */
  public boolean healthy() {
    return healthy;
  }

  /** Flips the answer of {@code /health}. */
  public void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  /** Requests served so far, not counting {@code /health} and {@code /admin/*}. */
  public long served() {
    return served.sum();
  }

  /** Counted requests that have started and not yet finished. */
  public long inFlight() {
    return inFlight.sum();
  }

  void requestStarted() {
    served.increment();
    inFlight.increment();
  }

  void requestFinished() {
    inFlight.decrement();
  }

  /** True once shutdown began: connections close after their current response. */
  public boolean draining() {
    return draining;
  }

  /** Starts the shutdown: no new exchange starts on an idle connection. */
  public void startDraining() {
    draining = true;
  }
}
