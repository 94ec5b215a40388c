package dev.roundhouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.proxy.TransportKind;
import dev.roundhouse.proxy.cli.ProxyFlags.Action;
import dev.roundhouse.proxy.config.ConfigRevisionHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyFlagsTest {

  @Test
  void readsEveryFlagWithItsValueAfterASpaceOrAnEqualsSign() throws Exception {
    ProxyFlags flags =
        ProxyFlags.parse(
            "--configmap=web",
            "--namespace",
            "shop",
            "--port",
            "8080",
            "--port=8081",
            "--backend",
            "http://127.0.0.2:9001",
            "--backend=http://127.0.0.3:9001",
            "--algorithm",
            "least-connections",
            "--admin-port=9090",
            "--admin-address",
            "0.0.0.0",
            "--shutdown-delay",
            "5s",
            "--drain-timeout=1m30s",
            "--admin-token-file",
            "/run/token",
            "--revision-history",
            "3",
            "--workers=2",
            "--transport",
            "epoll");

    assertThat(flags)
        .isEqualTo(
            new ProxyFlags(
                Action.RUN,
                null,
                "web",
                "shop",
                List.of(8080, 8081),
                List.of("http://127.0.0.2:9001", "http://127.0.0.3:9001"),
                Algorithm.LEAST_CONNECTIONS,
                9090,
                "0.0.0.0",
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(90),
                Path.of("/run/token"),
                3,
                2,
                TransportKind.EPOLL));
  }

  @Test
  void flagsNotGivenAreNullOrTheirDefaults() throws Exception {
    ProxyFlags flags = ProxyFlags.parse("--config", "lb.yaml");

    assertThat(flags.action()).isEqualTo(Action.RUN);
    assertThat(flags.config()).isEqualTo(Path.of("lb.yaml"));
    assertThat(flags.ports()).isEmpty();
    assertThat(flags.backends()).isEmpty();
    assertThat(flags.algorithm()).isNull();
    assertThat(flags.adminPort()).isNull();
    assertThat(flags.workers()).isNull();
    assertThat(flags.transport()).isEqualTo(TransportKind.AUTO);
    assertThat(flags.shutdownDelay()).isEqualTo(Duration.ZERO);
    assertThat(flags.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(flags.revisionHistory()).isEqualTo(ConfigRevisionHistory.DEFAULT_LIMIT);
  }

  @Test
  void validateAsksForACheckOfItsFile() throws Exception {
    ProxyFlags flags = ProxyFlags.parse("--validate", "lb.yaml");

    assertThat(flags.action()).isEqualTo(Action.VALIDATE);
    assertThat(flags.validate()).isEqualTo(Path.of("lb.yaml"));
  }

  @Test
  void helpAndVersionWinOverTheRestOfTheLine() throws Exception {
    assertThat(ProxyFlags.parse("--port", "x", "--help").action()).isEqualTo(Action.HELP);
    assertThat(ProxyFlags.parse("-h").action()).isEqualTo(Action.HELP);
    assertThat(ProxyFlags.parse("--bogus", "-V").action()).isEqualTo(Action.VERSION);
    assertThat(ProxyFlags.parse("--version").action()).isEqualTo(Action.VERSION);
  }

  @Test
  void anUnknownFlagIsNamed() {
    assertThatThrownBy(() -> ProxyFlags.parse("--port", "80", "--prot", "81"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown flag --prot");
    assertThatThrownBy(() -> ProxyFlags.parse("--prot=81")).hasMessage("unknown flag --prot");
  }

  @Test
  void aSwitchGivenAValueIsRefused() {
    assertThatThrownBy(() -> ProxyFlags.parse("--help=yes"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--help takes no value");
    assertThatThrownBy(() -> ProxyFlags.parse("--port", "80", "--version=2"))
        .hasMessage("--version takes no value");
  }

  @Test
  void aValueWithoutItsFlagIsRefused() {
    assertThatThrownBy(() -> ProxyFlags.parse("lb.yaml"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unexpected argument 'lb.yaml': every value follows its flag");
  }

  @Test
  void aFlagWithoutItsValueSaysWhatItNeeds() {
    assertThatThrownBy(() -> ProxyFlags.parse("--config"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--config needs a value (FILE)");
    // The next word is a flag, not the value: the value was forgotten.
    assertThatThrownBy(() -> ProxyFlags.parse("--namespace", "--configmap", "web"))
        .hasMessage("--namespace needs a value (NS)");
  }

  @Test
  void aSingleValuedFlagGivenTwiceIsRefusedWhileRepeatablesCollect() throws Exception {
    assertThatThrownBy(() -> ProxyFlags.parse("--config", "a.yaml", "--config=b.yaml"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--config is given twice: give it once");
    assertThat(ProxyFlags.parse("--port", "1", "--port", "2", "--port", "3").ports())
        .containsExactly(1, 2, 3);
  }

  @Test
  void numbersAreCheckedWhereTheyAreRead() {
    assertThatThrownBy(() -> ProxyFlags.parse("--port", "x"))
        .hasMessage("--port: 'x' is not a whole number");
    assertThatThrownBy(() -> ProxyFlags.parse("--admin-port", "70000"))
        .hasMessage("--admin-port must be a port from 1 to 65535, not 70000");
    assertThatThrownBy(() -> ProxyFlags.parse("--admin-port", "0"))
        .hasMessage("--admin-port must be a port from 1 to 65535, not 0");
    assertThatThrownBy(() -> ProxyFlags.parse("--workers", "0"))
        .hasMessage("--workers must be at least 1, not 0");
    assertThatThrownBy(() -> ProxyFlags.parse("--revision-history", "-1"))
        .hasMessage("--revision-history must be at least 1, not -1");
  }

  @Test
  void aTransportIsOneOfTheKindsByName() throws Exception {
    assertThat(ProxyFlags.parse("--transport=io_uring").transport())
        .isEqualTo(TransportKind.IO_URING);
    assertThat(ProxyFlags.parse("--transport", "nio").transport()).isEqualTo(TransportKind.NIO);
    assertThatThrownBy(() -> ProxyFlags.parse("--transport", "kqueue"))
        .hasMessage(
            "--transport: 'kqueue' is not a transport; use one of auto, io_uring, epoll, nio");
  }

  @Test
  void durationsAndAlgorithmsAreReadAsTheConfigFileWritesThem() {
    assertThatThrownBy(() -> ProxyFlags.parse("--drain-timeout", "soon"))
        .hasMessageStartingWith("--drain-timeout: \"soon\" is not a duration");
    assertThatThrownBy(() -> ProxyFlags.parse("--algorithm", "fastest"))
        .hasMessageStartingWith(
            "--algorithm: 'fastest' is not an algorithm; use one of round-robin")
        .hasMessageContaining("ip-hash");
  }

  @Test
  void flagsThatExcludeEachOtherAreRefused() {
    assertThatThrownBy(() -> ProxyFlags.parse("--config", "a.yaml", "--configmap", "web"))
        .hasMessage("--config and --configmap exclude each other: give one source");
    assertThatThrownBy(() -> ProxyFlags.parse("--namespace", "shop"))
        .hasMessage("--namespace needs --configmap");
  }
}
