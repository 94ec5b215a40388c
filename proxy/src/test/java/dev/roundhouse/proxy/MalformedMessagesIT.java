package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken framing in either direction, through a proxy process, over raw sockets: a request body
 * whose chunking is broken never reaches a backend as a complete request, and a broken response
 * never reaches the client as a good one. The backend is scripted: it records the head of every
 * request it gets and every body byte, and answers by path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedMessagesIT {

  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private ScriptedBackend backend;
  private ProxyProcess proxy;

  @BeforeAll
  void start() {
    backend = ScriptedBackend.start(this::serve);
    proxy = ProxyProcess.builder().config(ProxyProcess.configFor(List.of(backend.url()))).start();
  }

  @AfterAll
  void stop() {
    proxy.close();
    backend.close();
  }

  /** Serves one backend connection, request after request, by path. */
  private void serve(Socket socket, int index) throws IOException {
    InputStream in = socket.getInputStream();
    String head;
    while ((head = ScriptedBackend.readHead(in)) != null) {
      heads.add(head);
      String path = head.split(" ", 3)[1];
      switch (path) {
        case "/no-colon" ->
            ScriptedBackend.write(
                socket,
                "HTTP/1.1 200 OK\r\nX-Fine: yes\r\nBroken line\r\nContent-Length: 2\r\n\r\nok");
        case "/bad-chunk-with-head" ->
            ScriptedBackend.write(
                socket,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n");
        case "/interim-then-no-colon" ->
            ScriptedBackend.write(
                socket,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nBroken line\r\nContent-Length: 0\r\n\r\n");
        default -> {
          if (head.startsWith("POST")) {
            String body = readChunkedBody(in);
            bodies.put(path, body);
            if (!body.endsWith("0\r\n\r\n")) {
              return; // the proxy closed the connection mid-body
            }
          }
          ScriptedBackend.write(socket, ScriptedBackend.ok("fine"));
        }
      }
    }
  }

  /** Reads a chunked body's raw bytes up to its last chunk, or to the end of the connection. */
  private static String readChunkedBody(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      raw.write(b);
      if (raw.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")
          || raw.toString(StandardCharsets.ISO_8859_1).equals("0\r\n\r\n")) {
        break;
      }
    }
    return raw.toString(StandardCharsets.ISO_8859_1);
  }

  private boolean backendSaw(String path) {
    return heads.stream().anyMatch(h -> h.contains(" " + path + " "));
  }

  static Stream<Arguments> brokenChunking() {
    return Stream.of(
        Arguments.of("an invalid chunk size", "zz\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("a chunk size of 20 f's", "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("a negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("more data than the size", "5\r\nhello, world\r\n0\r\n\r\n"),
        Arguments.of("a missing CRLF after the data", "5\r\nhello0\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}, in the read of the head")
  @MethodSource("brokenChunking")
  void brokenChunkingSentWithTheHeadIsRefusedBeforeAnyBackendSeesTheHead(String name, String body)
      throws Exception {
    String path = "/refused-" + name.replaceAll("\\W+", "-");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send(
          "POST " + path + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(400);
      assertThat(client.closedByServer(5000)).isTrue();
    }
    assertGoodRequestsStillPass();
    assertThat(backendSaw(path)).as("the backend got the head of %s", path).isFalse();
  }

  @Test
  void brokenChunkingAfterTheHeadWentOutClosesTheBackendConnectionMidBody() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send(
          "POST /later HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> backendSaw("/later"));
      client.send("zz\r\nmore\r\n0\r\n\r\n");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(400);
      assertThat(client.closedByServer(5000)).isTrue();
    }
    // The backend's connection ended without the last chunk: it never had a complete request.
    await().atMost(Duration.ofSeconds(10)).until(() -> bodies.containsKey("/later"));
    assertThat(bodies.get("/later")).isEqualTo("5\r\nhello\r\n");
    assertGoodRequestsStillPass();
  }

  @Test
  void aResponseHeaderLineWithoutAColonIsA502() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Response response = client.get("/no-colon");
      assertThat(response.status()).isEqualTo(502);
      assertThat(response.header("X-Fine")).isNull();
      // The client's connection is not at fault: it carries the next request.
      assertThat(client.get("/next").status()).isEqualTo(200);
    }
  }

  @Test
  void aHeaderLineWithoutAColonAfterAnInterimResponseIsA502() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Response response = client.get("/interim-then-no-colon");
      assertThat(response.status()).isEqualTo(502);
    }
  }

  @Test
  void aBrokenChunkInTheReadOfTheResponseHeadIsA502NotABareClose() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Response response = client.get("/bad-chunk-with-head");
      assertThat(response.status()).isEqualTo(502);
      assertThat(client.get("/next").status()).isEqualTo(200);
    }
  }

  private void assertGoodRequestsStillPass() throws IOException {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      RawHttp.Response response = client.get("/good");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("fine");
    }
  }
}
