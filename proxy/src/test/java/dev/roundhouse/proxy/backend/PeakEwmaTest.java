package dev.roundhouse.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeakEwmaTest {

  private static final long MS = 1_000_000;
  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final PeakEwma ewma = new PeakEwma(Duration.ofSeconds(10), now::get);

  @Test
  void aSlowerResponseIsTakenAtOnceAndAFasterOneWeighsByElapsedTime() {
    assertThat(ewma.nanos()).isZero();
    ewma.observe(10 * MS);
    assertThat(ewma.nanos()).isEqualTo(10 * MS);

    ewma.observe(100 * MS);
    assertThat(ewma.nanos()).as("peak").isEqualTo(100 * MS);

    now.addAndGet(10_000 * MS); // one time constant later
    ewma.observe(10 * MS);
    double keep = Math.exp(-1);
    assertThat(ewma.nanos()).isCloseTo(100 * MS * keep + 10 * MS * (1 - keep), within(1e-3 * MS));
  }

  @Test
  void theEstimateDecaysTowardZeroWithoutSamples() {
    ewma.observe(50 * MS);
    now.addAndGet(Duration.ofSeconds(7).toNanos()); // ~ ln 2 × 10 s
    assertThat(ewma.nanos()).isCloseTo(25 * MS, within(1.0 * MS));
    now.addAndGet(Duration.ofMinutes(10).toNanos());
    assertThat(ewma.nanos()).isLessThan(1);
  }
}
