package dev.roundhouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.RetryBudget;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);

  private static int retriesAllowed(RetryLimiter limiter, int tries) {
    int allowed = 0;
    for (int i = 0; i < tries; i++) {
      allowed += limiter.tryRetry() ? 1 : 0;
    }
    return allowed;
  }

  @Test
  void retriesAddAtMostThePercentOfRequestsPlusTheMinimumPerSecondOfTheWindow() {
    RetryLimiter limiter = new RetryLimiter(new RetryBudget(20, 1), now::get);
    for (int i = 0; i < 500; i++) {
      limiter.requestStarted();
    }
    // 20% of 500 + 1/s × 10 s
    assertThat(retriesAllowed(limiter, 1000)).isEqualTo(110);
    assertThat(limiter.describe()).containsEntry("requests", 500L).containsEntry("retries", 110L);
  }

  @Test
  void theWindowSlides() {
    RetryLimiter limiter = new RetryLimiter(new RetryBudget(0, 2), now::get);
    assertThat(retriesAllowed(limiter, 100)).isEqualTo(20);
    now.addAndGet(5 * SECOND);
    assertThat(retriesAllowed(limiter, 100)).as("the first second's retries still count").isZero();
    now.addAndGet(6 * SECOND);
    assertThat(retriesAllowed(limiter, 100)).isEqualTo(20);
  }

  @Test
  void withoutABudgetEveryRetryGoes() {
    assertThat(retriesAllowed(RetryLimiter.UNLIMITED, 1000)).isEqualTo(1000);
    assertThat(RetryLimiter.UNLIMITED.describe()).isNull();
  }
}
