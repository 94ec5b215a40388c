package dev.roundhouse.proxy.metrics;

import java.util.Set;

/**
 * Label values with a bounded set of values, whatever clients send: a metric series per distinct
 * label set lives until the process ends, so a label fed from the request could grow without limit.
 */
final class Labels {

  /** The {@code method} label of any method outside {@link #METHODS}. */
  static final String OTHER_METHOD = "OTHER";

  /** The {@code code} label when no valid status was sent (e.g. the client left first). */
  static final String NO_CODE = "000";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE");

  private static final String[] CODES = new String[600];

  static {
    for (int code = 100; code < CODES.length; code++) {
      CODES[code] = Integer.toString(code);
    }
  }

  private Labels() {}

  /** The method itself if it is a standard one, else {@code OTHER}. */
  static String method(String method) {
    return method != null && METHODS.contains(method) ? method : OTHER_METHOD;
  }

  /** The status as three digits for 100 to 599, else {@code 000}. */
  static String code(int status) {
    return status >= 100 && status < CODES.length ? CODES[status] : NO_CODE;
  }
}
