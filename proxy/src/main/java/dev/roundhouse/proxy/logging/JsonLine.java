package dev.roundhouse.proxy.logging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Arrays;

/**
 * One JSON object on one line, written field by field straight into bytes (UTF-8): the access log's
 * encoder, which writes a line per request. It escapes what JSON requires ({@code "}, {@code \},
 * control characters) and nothing else, as Jackson does by default; a lone surrogate, which has no
 * UTF-8 form, is written as a backslash-u escape of its four hex digits.
 *
 * <p>Field names are encoded once ({@link #name}). Reuses its buffer: one instance per thread.
 */
final class JsonLine {

  private static final byte[] HEX = "0123456789abcdef".getBytes(US_ASCII);

  private final UtcMillis utc = new UtcMillis();
  private final byte[] digits = new byte[20];
  private byte[] bytes = new byte[512];
  private int size;

  /**
   * {@code "name":}, encoded once for every line that has the field; {@code name} is plain ASCII.
   */
  static byte[] name(String name) {
    byte[] encoded = new byte[name.length() + 3];
    encoded[0] = '"';
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        throw new IllegalArgumentException("not a plain field name: " + name);
      }
      encoded[i + 1] = (byte) c;
    }
    encoded[name.length() + 1] = '"';
    encoded[name.length() + 2] = ':';
    return encoded;
  }

  /** Starts a new line, forgetting the last one. */
  void begin() {
    size = 0;
    put('{');
  }

  /** {@code "name":"value"}. */
  void string(byte[] name, String value) {
    field(name);
    put('"');
    int length = value.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        bytes[size++] = (byte) c; // room made for the plain ASCII of the whole value above
      } else {
        i += special(value, i, c) - 1;
        ensure(length - i);
      }
    }
    put('"');
  }

  /** {@code "name":value}, a whole number. */
  void number(byte[] name, long value) {
    field(name);
    if (value < 0) {
      put('-');
    }
    int at = digits.length;
    do {
      digits[--at] = (byte) ('0' + Math.abs(value % 10));
      value /= 10;
    } while (value != 0);
    ensure(digits.length - at);
    System.arraycopy(digits, at, bytes, size, digits.length - at);
    size += digits.length - at;
  }

  /**
   * {@code "name":3.217}: nanoseconds as milliseconds with three decimals (to the microsecond),
   * written from whole numbers; negative durations are written as 0.
   */
  void millis(byte[] name, long nanos) {
    long micros = Math.max(0, nanos / 1000);
    number(name, micros / 1000);
    long fraction = micros % 1000;
    ensure(4);
    bytes[size++] = '.';
    bytes[size++] = (byte) ('0' + fraction / 100);
    bytes[size++] = (byte) ('0' + fraction / 10 % 10);
    bytes[size++] = (byte) ('0' + fraction % 10);
  }

  /** {@code "name":"2025-01-01T10:00:03.512Z"}, the instant in UTC to the millisecond. */
  void time(byte[] name, long epochMillis) {
    field(name);
    ensure(UtcMillis.LENGTH + 2);
    bytes[size++] = '"';
    System.arraycopy(utc.format(epochMillis), 0, bytes, size, UtcMillis.LENGTH);
    size += UtcMillis.LENGTH;
    bytes[size++] = '"';
  }

  /** Ends the object and the line: the line's bytes, a new array. */
  byte[] end() {
    ensure(2);
    bytes[size++] = '}';
    bytes[size++] = '\n';
    return Arrays.copyOf(bytes, size);
  }

  private void field(byte[] name) {
    ensure(name.length + 1);
    if (size > 1) {
      bytes[size++] = ',';
    }
    System.arraycopy(name, 0, bytes, size, name.length);
    size += name.length;
  }

  /**
   * Writes {@code c}, the character at {@code i} in {@code value} and not plain ASCII: escaped or
   * UTF-8 encoded.
   *
   * @return how many characters of {@code value} were written: 2 for a surrogate pair, else 1
   */
  private int special(String value, int i, char c) {
    ensure(12);
    switch (c) {
      case '"', '\\' -> escape((byte) c);
      case '\n' -> escape((byte) 'n');
      case '\r' -> escape((byte) 'r');
      case '\t' -> escape((byte) 't');
      case '\b' -> escape((byte) 'b');
      case '\f' -> escape((byte) 'f');
      default -> {
        if (c < 0x20) {
          unicodeEscape(c);
        } else if (c < 0x800) {
          bytes[size++] = (byte) (0xc0 | c >> 6);
          bytes[size++] = (byte) (0x80 | c & 0x3f);
        } else if (!Character.isSurrogate(c)) {
          bytes[size++] = (byte) (0xe0 | c >> 12);
          bytes[size++] = (byte) (0x80 | c >> 6 & 0x3f);
          bytes[size++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          int code = Character.toCodePoint(c, value.charAt(i + 1));
          bytes[size++] = (byte) (0xf0 | code >> 18);
          bytes[size++] = (byte) (0x80 | code >> 12 & 0x3f);
          bytes[size++] = (byte) (0x80 | code >> 6 & 0x3f);
          bytes[size++] = (byte) (0x80 | code & 0x3f);
          return 2;
        } else {
          unicodeEscape(c);
        }
      }
    }
    return 1;
  }

  private void escape(byte c) {
    bytes[size++] = '\\';
    bytes[size++] = c;
  }

  private void unicodeEscape(char c) {
    bytes[size++] = '\\';
    bytes[size++] = 'u';
    bytes[size++] = HEX[c >> 12];
    bytes[size++] = HEX[c >> 8 & 0xf];
    bytes[size++] = HEX[c >> 4 & 0xf];
    bytes[size++] = HEX[c & 0xf];
  }

  private void put(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
  }

  /** Room for {@code more} bytes. */
  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
