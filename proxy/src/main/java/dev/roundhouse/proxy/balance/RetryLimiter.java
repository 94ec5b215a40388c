package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.RetryBudget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The retry budget at run time ({@link RetryBudget}): counts requests and retries over a sliding
 * window of {@link #WINDOW_SECONDS} one-second buckets, and allows a retry while retries stay
 * within {@code percent} of the requests plus {@code minPerSecond} for each second of the window.
 * One per routing table: a reload starts the counts over. Each call takes this object's lock for a
 * few additions.
 */
public final class RetryLimiter {

  /** The window the budget is counted over, as Linkerd's default TTL. */
  public static final int WINDOW_SECONDS = 10;

  /** No budget: every retry the {@code retries} setting allows goes. */
  public static final RetryLimiter UNLIMITED = new RetryLimiter(null, System::nanoTime);

  private final @Nullable RetryBudget budget;
  private final LongSupplier nanoClock;
  private final long[] requests = new long[WINDOW_SECONDS];
  private final long[] retries = new long[WINDOW_SECONDS];
  private long second;

  /** A limiter for {@code budget} (null: unlimited), timed by {@code nanoClock}. */
  public RetryLimiter(@Nullable RetryBudget budget, LongSupplier nanoClock) {
    this.budget = budget;
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.second = nanoClock.getAsLong() / 1_000_000_000L;
  }

  /** Counts a request (its first attempt). */
  public void requestStarted() {
    if (budget != null) {
      synchronized (this) {
        requests[roll()]++;
      }
    }
  }

  /**
   * Takes one retry from the budget.
   *
   * @return false if the budget is spent: the retry must not be sent
   */
  public boolean tryRetry() {
    if (budget == null) {
      return true;
    }
    synchronized (this) {
      int now = roll();
      long allowed =
          sum(requests) * budget.percent() / 100 + (long) budget.minPerSecond() * WINDOW_SECONDS;
      if (sum(retries) >= allowed) {
        return false;
      }
      retries[now]++;
      return true;
    }
  }

  /** What {@code /status} shows: the budget and its use over the window; null when off. */
  public synchronized @Nullable Map<String, Object> describe() {
    if (budget == null) {
      return null;
    }
    roll();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("percent", budget.percent());
    out.put("minPerSecond", budget.minPerSecond());
    out.put("windowSeconds", WINDOW_SECONDS);
    out.put("requests", sum(requests));
    out.put("retries", sum(retries));
    return out;
  }

  /** Clears the buckets of the seconds that passed; the index of the current second. */
  private int roll() {
    long now = nanoClock.getAsLong() / 1_000_000_000L;
    long passed = Math.min(now - second, WINDOW_SECONDS);
    for (long s = 1; s <= passed; s++) {
      int index = (int) Math.floorMod(second + s, (long) WINDOW_SECONDS);
      requests[index] = 0;
      retries[index] = 0;
    }
    if (now > second) {
      second = now;
    }
    return (int) Math.floorMod(second, (long) WINDOW_SECONDS);
  }

  private static long sum(long[] buckets) {
    long total = 0;
    for (long n : buckets) {
      total += n;
    }
    return total;
  }
}
