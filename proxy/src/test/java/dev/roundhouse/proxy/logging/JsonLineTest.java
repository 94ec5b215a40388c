package dev.roundhouse.proxy.logging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The access log's JSON writer: what it writes, a JSON parser reads back as it was given. */
class JsonLineTest {

  private static final byte[] VALUE = JsonLine.name("value");
  private static final byte[] OTHER = JsonLine.name("other");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonLine json = new JsonLine();

  private JsonNode line(String value) throws IOException {
    json.begin();
    json.string(VALUE, value);
    json.number(OTHER, 1);
    byte[] bytes = json.end();
    String text = new String(bytes, UTF_8);
    assertThat(text.indexOf('\n')).as("one line").isEqualTo(text.length() - 1);
    return MAPPER.readTree(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/orders?id=1",
        "/q?a=\"b\"&c=\\d",
        "line\nbreak\r\ttab\b\f",
        "\u0000\u0001\u001f\u007f",
        "café/naïve/ü",
        "日本語",
        "emoji \uD83D\uDE00 and more",
      })
  void aValueIsReadBackAsItWasGiven(String value) throws IOException {
    JsonNode node = line(value);

    assertThat(node.get("value").asText()).isEqualTo(value);
    assertThat(node.get("other").asInt()).isEqualTo(1);
  }

  @Test
  void randomTextIsReadBackAsItWasGiven() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(80);
      while (text.length() < length) {
        int codePoint =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(0x80);
              case 1 -> random.nextInt(0x800);
              case 2 -> random.nextInt(0xd800);
              default -> 0x10000 + random.nextInt(0x10ffff - 0x10000);
            };
        text.appendCodePoint(codePoint);
      }
      String value = text.toString();
      assertThat(line(value).get("value").asText()).as("value %d", i).isEqualTo(value);
    }
  }

  @Test
  void aLoneSurrogateIsWrittenAsItsEscapeAndTheLineStaysValid() throws IOException {
    byte[] bytes;
    json.begin();
    json.string(VALUE, "a\uD83Db");
    json.string(OTHER, "\uDE00");
    bytes = json.end();

    assertThat(new String(bytes, UTF_8))
        .isEqualTo("{\"value\":\"a\\ud83db\",\"other\":\"\\ude00\"}\n");
    assertThat(MAPPER.readTree(bytes).get("value").asText()).isEqualTo("a\uD83Db");
  }

  @Test
  void numbersMillisecondsAndTimesAreWrittenAsTheirText() throws IOException {
    json.begin();
    json.number(JsonLine.name("zero"), 0);
    json.number(JsonLine.name("max"), Long.MAX_VALUE);
    json.number(JsonLine.name("min"), Long.MIN_VALUE);
    json.millis(JsonLine.name("ms"), 3_217_400);
    json.millis(JsonLine.name("negative_ms"), -5);
    json.time(JsonLine.name("at"), 1_735_725_600_120L);
    String text = new String(json.end(), UTF_8);

    assertThat(text)
        .isEqualTo(
            "{\"zero\":0,\"max\":9223372036854775807,\"min\":-9223372036854775808,"
                + "\"ms\":3.217,\"negative_ms\":0.000,\"at\":\"2025-01-01T10:00:00.120Z\"}\n");
  }

  @Test
  void aLineLongerThanTheBufferIsWrittenWholeAndTheNextLineForgetsIt() throws IOException {
    String quoted = "a \"long\" value \u00e9, ".repeat(200);
    assertThat(line(quoted).get("value").asText()).isEqualTo(quoted);

    json.begin();
    json.string(VALUE, "short");
    assertThat(new String(json.end(), UTF_8)).isEqualTo("{\"value\":\"short\"}\n");
  }

  @Test
  void aFieldNameThatWouldNeedEscapingIsRefused() {
    assertThatThrownBy(() -> JsonLine.name("a\"b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a\"b");
  }
}
