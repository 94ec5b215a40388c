package dev.roundhouse.proxy.logging;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast timestamp formatter writes what the pattern it replaces would. */
class UtcMillisTest {

  private static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final UtcMillis utc = new UtcMillis();

  private String format(Instant instant) {
    return new String(utc.format(instant.toEpochMilli()), US_ASCII);
  }

  @Test
  void formatsLikeThePatternInUtc() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextInt(Integer.MAX_VALUE) * 4L, random.nextInt(1_000_000_000));
      assertThat(format(instant)).isEqualTo(PATTERN.format(instant));
    }
    assertThat(format(Instant.parse("2025-01-01T10:00:00.120Z")))
        .isEqualTo("2025-01-01T10:00:00.120Z");
    assertThat(format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
  }

  @Test
  void theSecondItRemembersIsLeftWhenTheNextInstantIsInAnother() {
    Instant start = Instant.parse("2025-12-31T23:59:59.998Z");
    for (int step = 0; step < 2_000; step++) {
      Instant instant = start.plusMillis(step);
      assertThat(format(instant)).isEqualTo(PATTERN.format(instant));
    }
    // Back and forth across a second, as the two timestamps of one line can be.
    assertThat(format(Instant.parse("2026-01-01T00:00:00.001Z")))
        .isEqualTo("2026-01-01T00:00:00.001Z");
    assertThat(format(Instant.parse("2025-12-31T23:59:59.999Z")))
        .isEqualTo("2025-12-31T23:59:59.999Z");
    assertThat(format(Instant.parse("1969-12-31T23:59:59.999Z")))
        .isEqualTo("1969-12-31T23:59:59.999Z");
  }
}
