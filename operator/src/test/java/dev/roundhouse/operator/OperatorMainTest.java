package dev.roundhouse.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorMainTest {

  private static OperatorMain parse(String... args) {
    OperatorMain main = new OperatorMain();
    new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return main;
  }

  @Test
  void flagsOverrideTheDefaults() {
    OperatorMain main =
        parse(
            "--watch-namespaces",
            "team-a,team-b",
            "--proxy-image",
            "registry.example/proxy:1",
            "--leader-election=false",
            "--leader-election-namespace",
            "ops",
            "--server-side-apply",
            "false",
            "--port",
            "9000",
            "--log-format",
            "TEXT",
            "--log-level",
            "debug");

    assertThat(main.watchNamespaces).containsExactly("team-a", "team-b");
    assertThat(main.proxyImage).isEqualTo("registry.example/proxy:1");
    assertThat(main.leaderElection).isFalse();
    assertThat(main.leaseNamespace).isEqualTo("ops");
    assertThat(main.serverSideApply).isFalse();
    assertThat(main.port).isEqualTo(9000);
    assertThat(main.logFormat).isEqualTo(LogFormat.TEXT);
    assertThat(main.logLevel).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void theDefaultsSuitARealCluster() {
    OperatorMain main = parse();

    assertThat(main.proxyImage).isEqualTo("ghcr.io/roundhouse-dev/proxy:0.1.0");
    assertThat(main.leaderElection).isTrue();
    assertThat(main.serverSideApply).isTrue();
    assertThat(main.port).isEqualTo(8080);
    assertThat(main.logFormat).isEqualTo(LogFormat.JSON);
    assertThat(main.logLevel).isEqualTo(LogLevel.INFO);
  }

  @Test
  void aBooleanFlagTakesAnExplicitValue() {
    assertThatThrownBy(() -> parse("--leader-election=maybe"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--leader-election");
  }

  @Test
  void serverSideApplyOffIsATestSettingNotAUserOption() {
    String help = new CommandLine(new OperatorMain()).getUsageMessage();

    assertThat(help).contains("--proxy-image").doesNotContain("server-side-apply");
    // The tests against the mock API server still turn it off.
    assertThat(parse("--server-side-apply", "false").serverSideApply).isFalse();
  }
}
