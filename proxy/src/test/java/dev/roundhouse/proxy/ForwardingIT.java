package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.routing.RoutingTable;
import dev.roundhouse.proxy.testing.LeakCheck;
import dev.roundhouse.proxy.testing.RecordingObserver;
import dev.roundhouse.proxy.testing.ScriptedBackend;
import dev.roundhouse.proxy.testing.TestBackend;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The data path in one JVM: a real proxy server and a real backend on loopback sockets. */
@ExtendWith(LeakCheck.class)
class ForwardingIT {

  private final RecordingObserver observer = new RecordingObserver();
  private TestBackend backend;
  private ProxyServer proxy;
  private int port;

  @BeforeEach
  void start() throws ListenException {
    backend = TestBackend.start("1");
    port = FreePorts.next();
    Timeouts timeouts = new Timeouts(null, Duration.ofSeconds(5), Duration.ofSeconds(2));
    proxy =
        InProcessProxy.start(
            InProcessProxy.config(port, timeouts, null, backend.url()),
            ProxyOptions.defaults().withWorkers(1),
            observer);
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void forwardsAndRewritesHeaders() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response =
          client.get(
              "/hello?x=1",
              "Connection: keep-alive, X-Secret",
              "X-Secret: dropped",
              "Keep-Alive: timeout=5",
              "TE: trailers",
              "Upgrade: websocket",
              "X-Forwarded-For: 10.9.9.9",
              "Content-Length: 0");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("X-Backend-Id")).isEqualTo("1");
      assertThat(response.text()).isEqualTo("backend 1 /hello\n");
      String requestId = response.header("X-Request-Id");
      assertThat(requestId).matches("[0-9a-f-]{36}");

      TestBackend.Received received = backend.received().get(0);
      assertThat(received.uri()).isEqualTo("/hello?x=1");
      assertThat(received.headers().get("Host")).isEqualTo("test");
      assertThat(received.headers().get("X-Forwarded-For")).isEqualTo("10.9.9.9, 127.0.0.1");
      assertThat(received.headers().get("X-Forwarded-Proto")).isEqualTo("http");
      assertThat(received.headers().get("X-Forwarded-Host")).isEqualTo("test");
      assertThat(received.headers().get("X-Request-Id")).isEqualTo(requestId);
      assertThat(received.headers().names())
          .map(String::toLowerCase)
          .doesNotContain("x-secret", "keep-alive", "te", "upgrade", "connection");
    }
    await().until(() -> observer.exchanges().size() == 1);
    Exchange exchange = observer.exchanges().get(0);
    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.backend()).isEqualTo(backend.url());
    assertThat(exchange.path()).isEqualTo("/hello?x=1");
    assertThat(exchange.bytesSent()).isEqualTo("backend 1 /hello\n".length());
    assertThat(exchange.failure()).isNull();
  }

  @Test
  void reachesABackendNamedByItsHostName() throws Exception {
    LoadBalancerConfig byName =
        LoadBalancerConfig.of(
            List.of(Frontend.onPort(port)),
            List.of(Backend.of("http://localhost:" + backend.port())));
    proxy.routing().install(RoutingTable.of(byName, proxy.routing().current(), Instant.now()));
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("X-Backend-Id")).isEqualTo("1");
    }
  }

  @Test
  void keepsTheClientsRequestIdAndReusesBackendConnections() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      for (int i = 0; i < 50; i++) {
        RawHttp.Response response = client.get("/", "X-Request-Id: abc-" + i);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("abc-" + i);
      }
    }
    assertThat(backend.requests()).isEqualTo(50);
    assertThat(backend.connections()).isEqualTo(1);
    assertThat(proxy.pool().stats().reused()).isEqualTo(49);
  }

  @Test
  void headAndBodilessStatusesHaveNoBody() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("HEAD /?size=1000 HTTP/1.1\r\nHost: test\r\n\r\n");
      RawHttp.Response head = client.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isEqualTo("1000");
      RawHttp.Response noContent = client.get("/?status=204");
      assertThat(noContent.status()).isEqualTo(204);
      RawHttp.Response notModified = client.get("/?status=304");
      assertThat(notModified.status()).isEqualTo(304);
      // The connection is still in step: a normal request after them works.
      assertThat(client.get("/after").text()).isEqualTo("backend 1 /after\n");
    }
  }

  @Test
  void theAnswerToAHeadKeepsTheBackendsTransferEncodingExceptForAnHttp10Client() throws Exception {
    try (ScriptedBackend chunking =
        ScriptedBackend.start(
            (socket, i) -> {
              InputStream in = socket.getInputStream();
              String head;
              while ((head = ScriptedBackend.readHead(in)) != null) {
                String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
                ScriptedBackend.write(
                    socket, head.startsWith("HEAD ") ? answer : answer + "5\r\nhello\r\n0\r\n\r\n");
              }
            })) {
      LoadBalancerConfig toChunking =
          LoadBalancerConfig.of(
              List.of(Frontend.onPort(port)), List.of(Backend.of(chunking.url())));
      proxy
          .routing()
          .install(RoutingTable.of(toChunking, proxy.routing().current(), Instant.now()));
      try (RawHttp client = RawHttp.connect(port)) {
        client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n");
        RawHttp.Response head = client.read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
        // No body followed the head: the next response on the connection is read whole.
        assertThat(client.get("/").text()).isEqualTo("hello");
      }
      try (RawHttp http10 = RawHttp.connect(port)) {
        http10.send("HEAD / HTTP/1.0\r\nHost: test\r\n\r\n");
        RawHttp.Response head = http10.read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Transfer-Encoding")).isNull(); // HTTP/1.0 has none
      }
    }
  }

  @Test
  void streamsAChunkedRequestBodyAndEchoesIt() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      client.send(
          "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc123\r\n\r\n");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("hello world");
      // The trailer went to the backend, which echoed it back as its own trailer.
      assertThat(response.header("X-Checksum")).isEqualTo("abc123");
      assertThat(response.truncated()).isFalse();
    }
  }

  @Test
  void relaysExpectContinue() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      client.send(
          "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      // The client waits for the backend's go-ahead, relayed by the proxy, before the body.
      assertThat(client.readInterim()).isEqualTo(100);
      client.send("hello");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("hello");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      client.send(
          RawHttp.getRequest("/a?delay=100")
              + RawHttp.getRequest("/b")
              + RawHttp.getRequest("/c?delay=20"));
      assertThat(client.read(false).text()).isEqualTo("backend 1 /a\n");
      assertThat(client.read(false).text()).isEqualTo("backend 1 /b\n");
      assertThat(client.read(false).text()).isEqualTo("backend 1 /c\n");
    }
  }

  @Test
  void aClientPipeliningMoreThan128RequestsIsCutOffInsteadOfQueued() throws Exception {
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      flood.append(RawHttp.getRequest("/p" + i));
    }
    int before = backend.requests();
    try (RawHttp client = RawHttp.connect(port)) {
      client.send(flood.toString());
      // Some are answered (the first read's worth), then one read holds more than 128 heads.
      assertThat(client.closedByServer(5000)).isTrue();
    }
    assertThat(backend.requests() - before).isLessThan(1000);
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/after").status()).isEqualTo(200);
    }
  }

  @Test
  void http10ClientGetsACloseDelimitedOrSizedResponseAndTheConnectionCloses() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("GET /old HTTP/1.0\r\n\r\n");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("backend 1 /old\n");
      assertThat(client.closedByServer(3000)).isTrue();
    }
    // The backend got HTTP/1.1 with a Host.
    assertThat(backend.received().get(0).headers().get("Host"))
        .isEqualTo(backend.url().substring(7));
  }

  @Test
  void connectionCloseFromTheClientClosesAfterTheResponse() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/", "Connection: close");
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer(3000)).isTrue();
    }
  }

  @Test
  void idleKeepAliveConnectionsAreClosed() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/").status()).isEqualTo(200);
      long start = System.nanoTime();
      assertThat(client.closedByServer(10_000)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(1));
    }
  }
}
