package dev.roundhouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KnownHeaderNamesTest {

  private static final KnownHeaderNames NAMES = KnownHeaderNames.of("Content-Type", "ETag");

  @Test
  void findsANameInItsOwnSpellingAndInLowerCaseAsOneConstant() {
    byte[] line = "xContent-Type: text/plain".getBytes(StandardCharsets.US_ASCII);

    assertThat((CharSequence) NAMES.find(line, 1, 12))
        .hasToString("Content-Type")
        .isSameAs(NAMES.find(line.clone(), 1, 12));
    assertThat((CharSequence) NAMES.find(bytes("content-type"), 0, 12)).hasToString("content-type");
    assertThat((CharSequence) NAMES.find(bytes("ETag"), 0, 4)).hasToString("ETag");
  }

  @Test
  void anyOtherSpellingOrNameIsNotFound() {
    assertThat((CharSequence) NAMES.find(bytes("CONTENT-TYPE"), 0, 12)).isNull();
    assertThat((CharSequence) NAMES.find(bytes("Etag"), 0, 4)).isNull();
    assertThat((CharSequence) NAMES.find(bytes("Content-Typo"), 0, 12)).isNull();
    assertThat((CharSequence) NAMES.find(bytes("X-Much-Longer-Than-Any-Known"), 0, 28)).isNull();
    assertThat((CharSequence) NAMES.find(bytes("Content-Type"), 0, 7)).as("a prefix").isNull();
  }

  @Test
  void theTablesHoldWhatClientsAndServersSendMost() {
    assertThat((CharSequence) KnownHeaderNames.REQUEST.find(bytes("user-agent"), 0, 10))
        .isNotNull();
    assertThat((CharSequence) KnownHeaderNames.REQUEST.find(bytes("Accept-Encoding"), 0, 15))
        .isNotNull();
    assertThat((CharSequence) KnownHeaderNames.RESPONSE.find(bytes("Set-Cookie"), 0, 10))
        .isNotNull();
    assertThat((CharSequence) KnownHeaderNames.RESPONSE.find(bytes("User-Agent"), 0, 10)).isNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
