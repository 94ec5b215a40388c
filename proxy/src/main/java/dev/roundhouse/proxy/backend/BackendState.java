package dev.roundhouse.proxy.backend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One backend at run time: its config, whether it is in rotation, and its requests in flight.
 *
 * <p>The data path reads {@link #available()} and counts requests; the health checker (active and
 * passive) moves it {@link #markUp up} and {@link #markDown down}; metrics and the admin server
 * read everything. All of it is thread-safe and lock-free. A config reload keeps the state of a
 * backend whose {@link Backend#address() address} stays, so its health and in-flight count carry
 * over.
 */
public final class BackendState {

  private final Backend backend;
  private final String address;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong requestsTotal = new AtomicLong();
  private final AtomicReference<Health> health;
  private final PeakEwma responseTime = new PeakEwma(PeakEwma.DEFAULT_DECAY, System::nanoTime);
  private volatile boolean retired;
  private volatile Instant inRotationSince;
  private volatile boolean ejected;
  private final AtomicLong ejections = new AtomicLong();

  /** State for {@code backend} (a validated one), healthy and in rotation from {@code now}. */
  public BackendState(Backend backend, Instant now) {
    this(backend, now, now);
  }

  /**
   * State for {@code backend}, healthy from {@code now}, in rotation since {@code inRotationSince}
   * (long ago for the backends a proxy starts with: slow start ramps only those that join later).
   */
  public BackendState(Backend backend, Instant now, Instant inRotationSince) {
    this.backend = requireNonNull(backend, "backend");
    this.address = backend.address();
    this.health = new AtomicReference<>(Health.initial(now));
    this.inRotationSince = requireNonNull(inRotationSince, "inRotationSince");
  }

  /** The backend's configuration. */
  public Backend backend() {
    return backend;
  }

  /** {@code scheme://host:port}: the backend's identity, and its {@code backend} metric label. */
  public String address() {
    return address;
  }

  /**
   * Whether new requests may go here: healthy, not ejected by outlier detection, and still part of
   * the config.
   */
  public boolean available() {
    return !retired && !ejected && health.get().up();
  }

  /** Whether outlier detection has ejected it: out of rotation until the ejection ends. */
  public boolean ejected() {
    return ejected;
  }

  /** How many times outlier detection has ejected it. */
  public long ejections() {
    return ejections.get();
  }

  /**
   * Takes the backend out of rotation for outlier detection (its health stays as the checks say).
   *
   * @return how many times it has now been ejected
   */
  public synchronized long eject() {
    ejected = true;
    return ejections.incrementAndGet();
  }

  /** Ends an ejection: the backend is back in rotation (if healthy) from {@code now}. */
  public synchronized void endEjection(Instant now) {
    if (ejected) {
      ejected = false;
      inRotationSince = now;
    }
  }

  /** The current health, with its reason. */
  public Health health() {
    return health.get();
  }

  /**
   * Takes the backend out of rotation.
   *
   * @return true if it was up, so the caller logs the change once
   */
  public boolean markDown(String reason, Instant now) {
    return transition(false, reason, now);
  }

  /**
   * Puts the backend back in rotation.
   *
   * @return true if it was down, so the caller logs the change once
   */
  public boolean markUp(String reason, Instant now) {
    return transition(true, reason, now);
  }

  private boolean transition(boolean up, String reason, Instant now) {
    Health current = health.get();
    while (current.up() != up) {
      if (health.compareAndSet(current, new Health(up, reason, now))) {
        if (up) {
          inRotationSince = now;
        }
        return true;
      }
      current = health.get();
    }
    return false;
  }

  /**
   * When the backend last entered rotation: joined the config, or came back up. Slow start ramps
   * its weight from then.
   */
  public Instant inRotationSince() {
    return inRotationSince;
  }

  /** Requests sent here and not finished yet. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Requests ever sent here. */
  public long requestsTotal() {
    return requestsTotal.get();
  }

  /** Counts a request that is being sent here; pair with {@link #requestFinished()}. */
  public void requestStarted() {
    inFlight.incrementAndGet();
    requestsTotal.incrementAndGet();
  }

  /**
   * Its response time estimate: time from the pick to the response head, as {@code
   * least-response-time} weighs it.
   */
  public PeakEwma responseTime() {
    return responseTime;
  }

  /** Counts a request that is done, whatever its outcome. */
  public void requestFinished() {
    inFlight.decrementAndGet();
  }

  /**
   * Marks the backend as removed by a config change: it gets no new requests and finishes those in
   * flight.
   */
  public void retire() {
    retired = true;
  }

  /** Whether a config change removed this backend. */
  public boolean retired() {
    return retired;
  }

  @Override
  public String toString() {
    return address + (available() ? " (up)" : " (down)");
  }
}
