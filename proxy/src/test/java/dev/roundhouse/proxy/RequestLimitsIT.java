package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Smuggling attempts and oversized requests, sent to a proxy process: each gets its 4xx, the
 * connection closes, and the backend (an example backend process, counting what it serves) never
 * sees a request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsIT {

  private BackendProcess backend;
  private ProxyProcess proxy;

  @BeforeAll
  void start() {
    backend = BackendProcess.start(1);
    proxy = ProxyProcess.builder().config(ProxyProcess.configFor(List.of(backend.url()))).start();
  }

  @AfterAll
  void stop() {
    proxy.close();
    backend.close();
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        Arguments.of(
            "CL.TE smuggling",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 13\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: t\r\n\r\n",
            400),
        Arguments.of(
            "TE.CL smuggling",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + "5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "conflicting Content-Lengths",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd",
            400),
        Arguments.of(
            "an obfuscated Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "a request line of 9 KiB",
            "GET /" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: t\r\n\r\n",
            414),
        Arguments.of(
            "a header section of 17 KiB",
            "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(17 * 1024) + "\r\n\r\n",
            431),
        Arguments.of(
            "101 headers",
            "GET / HTTP/1.1\r\nHost: t\r\n" + "X-Many: v\r\n".repeat(100) + "\r\n",
            431),
        Arguments.of("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        Arguments.of("no Host in HTTP/1.2", "GET / HTTP/1.2\r\n\r\n", 400),
        Arguments.of("HTTP/2.0 in a request line", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 400),
        Arguments.of("a lower-case protocol name", "GET / http/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of("a mixed-case HTTP/1.0", "GET / Http/1.0\r\n\r\n", 400),
        Arguments.of("a NUL in the target", "GET /a\u0000b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of("0x01 in the target", "GET /a\u0001b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of(
            "a raw non-ASCII byte in the target", "GET /\u00ff HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of("a target in no form", "GET p HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of("* with GET", "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of(
            "an absolute URL with a broken IP literal",
            "GET http://[bad/ HTTP/1.1\r\nHost: t\r\n\r\n",
            400),
        Arguments.of(
            "an absolute URL of another scheme", "GET ftp://t/ HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        Arguments.of("a space in Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        Arguments.of("a port past 65535 in Host", "GET / HTTP/1.1\r\nHost: t:65536\r\n\r\n", 400),
        Arguments.of("garbage", "\u0001\u0002 nonsense\r\n\r\n", 400));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("attacks")
  void isAnsweredAndNeverReachesTheBackend(String name, String raw, int status) throws Exception {
    long before = backend.requestCount();
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send(raw);
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(status);
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer(5000)).isTrue();
    }
    // A good request afterwards does reach it: the proxy is fine, and counting works.
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.get("/").status()).isEqualTo(200);
    }
    assertThat(backend.requestCount()).isEqualTo(before + 1);
  }
}
