package dev.roundhouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "1m30s, PT1M30S",
    "1.5h, PT1H30M",
    "2h45m, PT2H45M",
    "250us, PT0.00025S",
    "250µs, PT0.00025S",
    "7ns, PT0.000000007S",
    "0, PT0S",
    "0s, PT0S",
    "1h0m5s, PT1H5S"
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "10s", "1m30s", "2h", "1h1m1s", "1.5s", "250us", "7ns", "0s"})
  void formatsWhatItParsesUnchanged(String text) {
    assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"PT1M30S, 1m30s", "PT0.5S, 500ms", "PT90M, 1h30m", "PT1.25S, 1.25s"})
  void formatsInTheFewestComponents(Duration duration, String expected) {
    assertThat(GoDuration.format(duration)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "ten seconds", "10 s", "-1s", "1d", "s", "1.s"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration");
  }

  /** Go (and so the CRD's CEL rules) cannot hold more than 2^63-1 ns; neither may the config. */
  @ParameterizedTest
  @ValueSource(strings = {"2562048h", "5200000h", "9223372036854775808ns", "99999999999999999999s"})
  void rejectsDurationsLongerThanGoCanHold(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is too long");
  }

  @Test
  void acceptsTheLongestDurationGoCanHold() {
    assertThat(GoDuration.parse("2562047h")).isEqualTo(Duration.ofHours(2562047));
    assertThat(GoDuration.parse("9223372036854775807ns"))
        .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }
}
