package dev.roundhouse.proxy.logging;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats instants as {@code 2025-01-01T10:00:03.512Z}: UTC, milliseconds, always 24 ASCII
 * characters. The same text as the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, at a
 * fraction of a {@code DateTimeFormatter}'s cost: the access log writes two per line, hundreds of
 * lines in the same second, so the date and time up to the second are worked out once per second
 * and only the milliseconds are written for each.
 *
 * <p>Keeps the last second's text: one instance per thread.
 */
final class UtcMillis {

  /** The length of the text. */
  static final int LENGTH = 24;

  private final byte[] text = new byte[LENGTH];
  private long second = Long.MIN_VALUE;

  /**
   * The text of {@code epochMillis} (years 0 to 9999), in an array this object reuses: valid until
   * the next call.
   */
  byte[] format(long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    if (epochSecond != second) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
      digits(t.getYear(), 0, 4);
      text[4] = '-';
      digits(t.getMonthValue(), 5, 2);
      text[7] = '-';
      digits(t.getDayOfMonth(), 8, 2);
      text[10] = 'T';
      digits(t.getHour(), 11, 2);
      text[13] = ':';
      digits(t.getMinute(), 14, 2);
      text[16] = ':';
      digits(t.getSecond(), 17, 2);
      text[19] = '.';
      text[23] = 'Z';
      second = epochSecond;
    }
    digits((int) Math.floorMod(epochMillis, 1000), 20, 3);
    return text;
  }

  private void digits(int value, int at, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
