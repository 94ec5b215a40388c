package dev.roundhouse.proxy.frontend;

import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;

/**
 * Which request targets and Host values may be forwarded (RFC 9112 section 3.2, RFC 3986). Each
 * check returns what is wrong in a few words, or null when nothing is: a target or Host that a
 * backend or a log could read differently from the proxy is turned away before any backend is
 * contacted.
 *
 * <p>A target is one of origin-form ({@code /a?b}), absolute-form with an http or https scheme and
 * a non-empty host ({@code http://example.com/a}), or asterisk-form ({@code *}, for OPTIONS only);
 * authority-form is CONNECT's, which the proxy does not serve. Every byte is visible ASCII: control
 * bytes, spaces and bytes of 0x80 and above must be percent-encoded. A host is a bracketed IP
 * literal or a registered name (letters, digits, {@code -._~}, percent-encodings and RFC 3986's
 * sub-delims), with an optional port of at most 65535.
 */
final class TargetSyntax {

  private static final String SUB_DELIMS = "!$&'()*+,;=";

  private TargetSyntax() {}

  /** What is wrong with {@code target}, or null when it may be forwarded. */
  static @Nullable String targetProblem(HttpMethod method, String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return String.format("byte 0x%02x in the request target", (int) c);
      }
    }
    if (target.startsWith("/")) {
      return null;
    }
    if (target.equals("*")) {
      return HttpMethod.OPTIONS.equals(method) ? null : "* is a target for OPTIONS only";
    }
    int authority = schemeEnd(target);
    if (authority < 0) {
      return "the request target is not a path, an http(s) URL or *";
    }
    int end = authority;
    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
      end++;
    }
    // Userinfo is never valid in http(s) URLs; the forwarder drops it (RFC 9110 section 4.2.4).
    int userinfo = target.lastIndexOf('@', end - 1);
    String host = target.substring(Math.max(authority, userinfo + 1), end);
    if (host.isEmpty()) {
      return "the request target's URL has no host";
    }
    String problem = hostProblem(host);
    return problem == null ? null : "the request target's " + problem;
  }

  /**
   * What is wrong with a Host value (or a URL's authority), or null when it is well formed. The
   * answer never repeats the value: it goes to a log, and the value is the client's.
   */
  static @Nullable String hostProblem(String host) {
    int portStart;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !isIpLiteral(host.substring(1, close))) {
        return "host is not a valid IP literal";
      }
      portStart = close + 1;
      if (portStart < host.length() && host.charAt(portStart) != ':') {
        return "host has something after its IP literal";
      }
    } else {
      int colon = host.indexOf(':');
      portStart = colon < 0 ? host.length() : colon;
      for (int i = 0; i < portStart; i++) {
        if (!isRegNameChar(host, i)) {
          return String.format(
              "host has byte 0x%02x at %d, which a host name cannot have", (int) host.charAt(i), i);
        }
      }
    }
    if (portStart < host.length() && !isPort(host, portStart + 1)) {
      return "host's port is not a number up to 65535";
    }
    return null;
  }

  /** Where the authority of an http or https URL starts, or -1 for anything else. */
  private static int schemeEnd(String target) {
    if (target.regionMatches(true, 0, "http://", 0, 7)) {
      return 7;
    }
    return target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
  }

  private static boolean isRegNameChar(String host, int i) {
    char c = host.charAt(i);
    if (c == '%') {
      return i + 2 < host.length() && isHex(host.charAt(i + 1)) && isHex(host.charAt(i + 2));
    }
    return isAlphaNumeric(c) || "-._~".indexOf(c) >= 0 || SUB_DELIMS.indexOf(c) >= 0;
  }

  /** An IPv6 address or an RFC 3986 IPvFuture, by its characters. */
  private static boolean isIpLiteral(String literal) {
    if (literal.isEmpty()) {
      return false;
    }
    boolean future = literal.charAt(0) == 'v' || literal.charAt(0) == 'V';
    for (int i = future ? 1 : 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      boolean ok =
          future
              ? isAlphaNumeric(c) || "-._~:".indexOf(c) >= 0 || SUB_DELIMS.indexOf(c) >= 0
              : isHex(c) || c == ':' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986 allows an empty port after the colon; more than 65535 is no port. */
  /** Whether {@code host} from {@code start} to its end is a port: up to 65535, or empty. */
  private static boolean isPort(String host, int start) {
    if (host.length() - start > 5) {
      return false;
    }
    int port = 0;
    for (int i = start; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static boolean isAlphaNumeric(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
