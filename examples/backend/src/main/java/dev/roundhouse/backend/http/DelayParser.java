package dev.roundhouse.backend.http;

import java.time.Duration;

/**
 * Reads the {@code delay} switch: a Go-style duration ({@code 300ms}, {@code 2s}, {@code 1m30s},
 * {@code 1.5s}) or a plain number of milliseconds ({@code 250}).
 *
 * <p>The backend does not depend on the {@code api} module (it is a stand-alone example), so this
 * is a small reader of its own.
 */
final class DelayParser {

  /** Longest delay accepted; longer is surely a typo and would pin a connection for ages. */
  static final Duration MAX = Duration.ofHours(1);

  private DelayParser() {}

  /**
   * Parses a delay.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  static Duration parse(String text) {
    if (text.isEmpty()) {
      throw invalid(text);
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return checked(text, parseMillis(text));
    }
    double nanos = 0;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      if (start == unitStart || unitStart == i) {
        throw invalid(text);
      }
      double amount;
      try {
        amount = Double.parseDouble(text.substring(start, unitStart));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      nanos += amount * unitNanos(text, text.substring(unitStart, i));
    }
    if (nanos > MAX.toNanos()) {
      throw tooLong(text);
    }
    return Duration.ofNanos((long) nanos);
  }

  private static Duration parseMillis(String text) {
    try {
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw tooLong(text);
    }
  }

  private static Duration checked(String text, Duration delay) {
    if (delay.compareTo(MAX) > 0) {
      throw tooLong(text);
    }
    return delay;
  }

  private static double unitNanos(String text, String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> throw invalid(text);
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "delay \"" + text + "\" is not a duration (use 300ms, 2s, 1m30s or plain milliseconds)");
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("delay \"" + text + "\" is longer than the 1h maximum");
  }
}
