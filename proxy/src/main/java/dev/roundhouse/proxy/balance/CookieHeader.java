package dev.roundhouse.proxy.balance;

import org.jspecify.annotations.Nullable;

/** Reads one cookie out of a {@code Cookie} request header (RFC 6265 5.4: {@code a=1; b=2}). */
final class CookieHeader {

  private CookieHeader() {}

  /** The value of the first cookie called {@code name} in {@code header}, unquoted; or null. */
  static @Nullable String find(String header, String name) {
    int at = 0;
    int length = header.length();
    while (at < length) {
      int end = header.indexOf(';', at);
      if (end < 0) {
        end = length;
      }
      int eq = header.indexOf('=', at);
      if (eq > at && eq < end && header.substring(at, eq).trim().equals(name)) {
        String value = header.substring(eq + 1, end).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
      at = end + 1;
    }
    return null;
  }
}
