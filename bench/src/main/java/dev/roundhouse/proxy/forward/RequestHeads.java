package dev.roundhouse.proxy.forward;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The request heads the benchmarks parse and rewrite, by name (the benchmarks' parameter). */
final class RequestHeads {

  /** What wrk sends: the smallest realistic request. */
  static final String WRK = "GET / HTTP/1.1\r\nHost: 127.0.0.1:19180\r\n\r\n";

  /** A browser's page request: a dozen headers, some long. */
  static final String BROWSER =
      "GET /shop/items/42?color=blue&size=m HTTP/1.1\r\n"
          + "Host: shop.example.com\r\n"
          + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
          + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
          + "Accept-Language: en-US,en;q=0.5\r\n"
          + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
          + "Referer: https://shop.example.com/shop/items?page=2\r\n"
          + "Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark; consent=yes\r\n"
          + "Upgrade-Insecure-Requests: 1\r\n"
          + "Sec-Fetch-Dest: document\r\n"
          + "Sec-Fetch-Mode: navigate\r\n"
          + "Sec-Fetch-Site: same-origin\r\n"
          + "Priority: u=0, i\r\n"
          + "\r\n";

  /**
   * A request that came through another proxy: an {@code X-Forwarded-For} to extend, an {@code
   * X-Request-Id} to keep, and hop-by-hop headers to remove (the slow path of the rewrite).
   */
  static final String FORWARDED =
      "POST /api/orders HTTP/1.1\r\n"
          + "Host: api.example.com\r\n"
          + "Connection: keep-alive, X-Trace\r\n"
          + "Keep-Alive: timeout=5\r\n"
          + "X-Trace: 1\r\n"
          + "X-Forwarded-For: 203.0.113.7\r\n"
          + "X-Request-Id: 0b6f7a2e-8d4c-4e0a-9a63-3f2d1c5b7e90\r\n"
          + "Content-Type: application/json\r\n"
          + "Content-Length: 0\r\n"
          + "\r\n";

  private static final Map<String, String> BY_NAME =
      Map.of("wrk", WRK, "browser", BROWSER, "forwarded", FORWARDED);

  private RequestHeads() {}

  /** The bytes of the head called {@code name}: wrk, browser or forwarded. */
  static byte[] bytes(String name) {
    String head = BY_NAME.get(name);
    if (head == null) {
      throw new IllegalArgumentException(
          "no request head called " + name + "; known: " + BY_NAME.keySet());
    }
    return head.getBytes(StandardCharsets.US_ASCII);
  }
}
