package dev.roundhouse.proxy.http;

import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Header names that come on nearly every message, as shared constants: a decoder takes a name from
 * here instead of copying its bytes into a new string for every message. Each name is known in the
 * two spellings senders use, capitalized ({@code Content-Type}) and lower case ({@code
 * content-type}); any other spelling is read as sent, so a name is always forwarded byte for byte.
 */
public final class KnownHeaderNames {

  /** What clients send: browsers, command-line tools, other proxies in front. */
  public static final KnownHeaderNames REQUEST =
      of(
          "Host",
          "User-Agent",
          "Accept",
          "Accept-Encoding",
          "Accept-Language",
          "Connection",
          "Content-Type",
          "Content-Length",
          "Transfer-Encoding",
          "Cookie",
          "Referer",
          "Origin",
          "Authorization",
          "Cache-Control",
          "Pragma",
          "Upgrade",
          "If-None-Match",
          "If-Modified-Since",
          "Range",
          "Priority",
          "Upgrade-Insecure-Requests",
          "Sec-Fetch-Site",
          "Sec-Fetch-Mode",
          "Sec-Fetch-Dest",
          "Sec-Fetch-User",
          "X-Forwarded-For",
          "X-Forwarded-Proto",
          "X-Forwarded-Host",
          "X-Real-IP",
          "X-Request-Id");

  /** What servers send. */
  public static final KnownHeaderNames RESPONSE =
      of(
          "Server",
          "Date",
          "Content-Type",
          "Content-Length",
          "Connection",
          "Transfer-Encoding",
          "Keep-Alive",
          "Cache-Control",
          "Last-Modified",
          "ETag",
          "Vary",
          "Set-Cookie",
          "Location",
          "Content-Encoding",
          "Accept-Ranges",
          "Expires",
          "X-Request-Id");

  /** The names by their length: a lookup compares a handful of names of the same length. */
  private final AsciiString[][] byLength;

  private KnownHeaderNames(AsciiString[][] byLength) {
    this.byLength = byLength;
  }

  /** A table of {@code names}, each in its own spelling and in lower case. */
  static KnownHeaderNames of(String... names) {
    int longest = 0;
    for (String name : names) {
      longest = Math.max(longest, name.length());
    }
    AsciiString[][] byLength = new AsciiString[longest + 1][0];
    for (String name : names) {
      for (String spelling : new String[] {name, name.toLowerCase(Locale.ROOT)}) {
        AsciiString[] same = byLength[spelling.length()];
        AsciiString[] more = Arrays.copyOf(same, same.length + 1);
        more[same.length] = AsciiString.cached(spelling);
        byLength[spelling.length()] = more;
      }
    }
    return new KnownHeaderNames(byLength);
  }

  /** The constant spelled as the {@code length} bytes at {@code start}, or null if none is. */
  public @Nullable AsciiString find(byte[] line, int start, int length) {
    if (length >= byLength.length) {
      return null;
    }
    for (AsciiString known : byLength[length]) {
      if (sameBytes(known, line, start)) {
        return known;
      }
    }
    return null;
  }

  private static boolean sameBytes(AsciiString known, byte[] line, int start) {
    byte[] bytes = known.array();
    int offset = known.arrayOffset();
    for (int i = known.length() - 1; i >= 0; i--) { // the ends differ first: -Type, -Length
      if (bytes[offset + i] != line[start + i]) {
        return false;
      }
    }
    return true;
  }
}
