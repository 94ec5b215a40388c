package dev.roundhouse.proxy.config.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

  @TempDir Path dir;

  @Test
  void aTokenFileIsReadWithoutItsFinalNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "s3cret-token\n");

    AdminToken token = AdminToken.load(file, Map.of()).orElseThrow();

    assertThat(token.matches("s3cret-token")).isTrue();
    assertThat(token.matches("s3cret-token\n")).isFalse();
    assertThat(token.toString()).doesNotContain("s3cret");
  }

  @Test
  void theEnvironmentVariableIsUsedWithoutAFile() throws Exception {
    AdminToken token = AdminToken.load(null, Map.of(AdminToken.ENV, "from-env")).orElseThrow();

    assertThat(token.matches("from-env")).isTrue();
  }

  @Test
  void theFileWinsOverTheEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file");

    AdminToken token = AdminToken.load(file, Map.of(AdminToken.ENV, "from-env")).orElseThrow();

    assertThat(token.matches("from-file")).isTrue();
    assertThat(token.matches("from-env")).isFalse();
  }

  @Test
  void noFileAndNoVariableMeansNoToken() throws Exception {
    assertThat(AdminToken.load(null, Map.of())).isEmpty();
  }

  @Test
  void anEmptyTokenIsRefusedSayingWhere() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), " \n");

    assertThatThrownBy(() -> AdminToken.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--admin-token-file " + file + ": the admin token is empty");
    assertThatThrownBy(() -> AdminToken.load(null, Map.of(AdminToken.ENV, "")))
        .hasMessage("ROUNDHOUSE_ADMIN_TOKEN: the admin token is empty");
  }

  @Test
  void onlyTheExactTokenMatches() {
    AdminToken token = AdminToken.of("abcdef", "test");

    assertThat(token.matches("abcdef")).isTrue();
    assertThat(token.matches("abcde")).isFalse();
    assertThat(token.matches("abcdefg")).isFalse();
    assertThat(token.matches("ABCDEF")).isFalse();
    assertThat(token.matches("")).isFalse();
  }
}
