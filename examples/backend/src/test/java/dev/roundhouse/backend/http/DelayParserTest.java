package dev.roundhouse.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DelayParserTest {

  @ParameterizedTest
  @CsvSource({
    "300ms, PT0.3S",
    "2s, PT2S",
    "1.5s, PT1.5S",
    "1m30s, PT1M30S",
    "250, PT0.25S",
    "0, PT0S",
    "500us, PT0.0005S",
    "1h, PT1H",
  })
  void readsGoDurationsAndPlainMilliseconds(String text, String expected) {
    assertThat(DelayParser.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "ms", "5x", "1.2.3s", "-1s", "s5", "5 s"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> DelayParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2h", "3600001", "61m", "99999999999999999999"})
  void rejectsMoreThanAnHour(String text) {
    assertThatThrownBy(() -> DelayParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than the 1h maximum");
  }
}
