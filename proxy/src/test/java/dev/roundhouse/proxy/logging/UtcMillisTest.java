package dev.roundhouse.proxy.logging;

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

  @Test
  void formatsLikeThePatternInUtc() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextInt(Integer.MAX_VALUE) * 4L, random.nextInt(1_000_000_000));
      assertThat(UtcMillis.format(instant)).isEqualTo(PATTERN.format(instant));
    }
    assertThat(UtcMillis.format(Instant.parse("2025-01-01T10:00:00.120Z")))
        .isEqualTo("2025-01-01T10:00:00.120Z");
    assertThat(UtcMillis.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
  }
}
