package dev.roundhouse.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.backend.BackendOptions.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendOptionsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-port=9002 -id=2",
        "-port 9002 -id 2",
        "--port=9002 --id=2",
        "--port 9002 --id 2"
      })
  void acceptsEveryGoStyleSpelling(String line) {
    BackendOptions options = BackendOptions.parse(line.split(" "));
    assertThat(options.port()).isEqualTo(9002);
    assertThat(options.id()).isEqualTo("2");
  }

  @Test
  void defaultsListenOnAllAddressesAndNameTheBackendAfterItsPort() {
    BackendOptions options = BackendOptions.parse("-port=9003");
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.id()).isEqualTo("9003");
    assertThat(options.quiet()).isFalse();
    assertThat(options.help()).isFalse();
    assertThat(options.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void booleanFlagsStandAloneOrTakeTrueOrFalse() {
    assertThat(BackendOptions.parse("-quiet").quiet()).isTrue();
    assertThat(BackendOptions.parse("-quiet", "-quiet=false").quiet()).isFalse();
    assertThat(BackendOptions.parse("-h").help()).isTrue();
    assertThat(BackendOptions.parse("--help").help()).isTrue();
  }

  @Test
  void hostAndThreadsAreSettable() {
    BackendOptions options = BackendOptions.parse("-host", "127.0.0.1", "-threads=3");
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.threads()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-port=http      | -port must be a whole number, got \"http\"",
        "-port=70000     | -port must be between 0 and 65535, got 70000",
        "-port           | flag -port needs a value",
        "-colour=red     | unknown flag -colour",
        "9001            | unexpected argument \"9001\" (flags start with -)",
        "-id=a/b         | -id must be 1 to 64 letters, digits, '.', '_' or '-', got \"a/b\"",
        "-quiet=maybe    | -quiet takes true or false, got \"maybe\"",
        "-threads=0      | -threads must be between 1 and 256, got 0",
      })
  void badCommandLinesSayWhatIsWrong(String arg, String message) {
    assertThatThrownBy(() -> BackendOptions.parse(arg))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }
}
