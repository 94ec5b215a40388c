package dev.roundhouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpTextTest {

  @Test
  void listsEveryFlagWithItsValue() {
    String help = HelpText.render();

    for (Flag flag : Flag.values()) {
      assertThat(help).contains("\n  " + flag.synopsis() + " ");
    }
    assertThat(help).contains("  --admin-token-file=FILE  A file holding the token");
  }

  @Test
  void saysWhichFlagsRepeat() {
    assertThat(Flag.values())
        .filteredOn(Flag::repeatable)
        .containsExactlyInAnyOrder(Flag.PORT, Flag.BACKEND);
    for (Flag flag : Flag.values()) {
      assertThat(flag.help().endsWith(" Repeatable.")).as(flag.name()).isEqualTo(flag.repeatable());
    }
  }

  @Test
  void fitsAnEightyColumnTerminal() {
    assertThat(HelpText.render().lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(HelpText.WIDTH));
  }

  @Test
  void aLongFlagsHelpStartsOnTheNextLine() {
    StringBuilder out = new StringBuilder();

    HelpText.flag(out, Flag.ADMIN_TOKEN_FILE, 20);

    assertThat(out.toString())
        .startsWith("  --admin-token-file=FILE\n" + " ".repeat(20) + "A file");
  }

  @Test
  void wrapsAtSpacesAndKeepsAWordLongerThanTheLineWhole() {
    assertThat(HelpText.wrap("one two three four", 9)).containsExactly("one two", "three", "four");
    assertThat(HelpText.wrap("a http://127.0.0.1:9001/x b", 10))
        .containsExactly("a", "http://127.0.0.1:9001/x", "b");
    assertThat(HelpText.wrap("", 10)).containsExactly("");
  }
}
