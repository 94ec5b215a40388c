package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Timeouts;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.testing.LeakCheck;
import dev.roundhouse.proxy.testing.RecordingObserver;
import dev.roundhouse.proxy.testing.RecordingObserver.BackendEvent;
import dev.roundhouse.proxy.testing.ScriptedBackend;
import dev.roundhouse.proxy.testing.TestBackend;
import dev.roundhouse.proxy.testing.Transports;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every failure the data path handles, provoked for real against an in-process proxy. */
@ExtendWith(LeakCheck.class)
class FailureHandlingIT {

  private final RecordingObserver observer = new RecordingObserver();
  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private ProxyServer proxy;
  private int port;

  private void startProxy(Timeouts timeouts, int retries, String... backends)
      throws ListenException {
    startProxy(ProxyOptions.defaults().withWorkers(1), timeouts, retries, backends);
  }

  private void startProxy(ProxyOptions options, Timeouts timeouts, int retries, String... backends)
      throws ListenException {
    port = FreePorts.next();
    proxy =
        InProcessProxy.start(
            InProcessProxy.config(port, timeouts, retries, backends), options, observer);
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    closeAfter.add(resource);
    return resource;
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    for (AutoCloseable resource : closeAfter) {
      resource.close();
    }
  }

  private static String refusingUrl() {
    return "http://127.0.0.1:" + FreePorts.next();
  }

  /** A backend that reads each request's head and closes the connection without an answer. */
  private ScriptedBackend hangingUp() throws Exception {
    return closeLater(
        ScriptedBackend.start((socket, i) -> ScriptedBackend.readHead(socket.getInputStream())));
  }

  /**
   * A backend that answers each request with a head and the start of a body delimited by the close
   * ({@code hello}), then resets the connection.
   */
  private ScriptedBackend resettingAfterItsFirstBytes() throws Exception {
    return closeLater(
        ScriptedBackend.start(
            (socket, i) -> {
              ScriptedBackend.readHead(socket.getInputStream());
              ScriptedBackend.write(socket, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello");
              socket.setSoLinger(true, 0);
            }));
  }

  private Exchange lastExchange() {
    await().until(() -> !observer.exchanges().isEmpty());
    return observer.exchanges().get(observer.exchanges().size() - 1);
  }

  @Test
  void aRefusingBackendIsSkippedWithoutTheClientNoticing() throws Exception {
    TestBackend up = closeLater(TestBackend.start("up"));
    String refusing = refusingUrl();
    startProxy(Timeouts.DEFAULTS, 2, refusing, up.url());
    try (RawHttp client = RawHttp.connect(port)) {
      for (int i = 0; i < 10; i++) {
        RawHttp.Response response = client.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Backend-Id")).isEqualTo("up");
      }
    }
    assertThat(up.requests()).isEqualTo(10);
    assertThat(observer.backendEvents())
        .contains(
            new BackendEvent("failed", refusing, FailureKind.CONNECT_FAILED),
            new BackendEvent("retried", refusing, null));
  }

  @Test
  void whenNoBackendCanBeReachedTheClientGets502AfterTheConfiguredRetries() throws Exception {
    String[] refusing = {refusingUrl(), refusingUrl(), refusingUrl(), refusingUrl()};
    startProxy(Timeouts.DEFAULTS, 2, refusing);
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(502);
      assertThat(response.text()).contains("could not connect to a backend");
      // The request was complete, so the connection stays usable.
      assertThat(client.get("/").status()).isEqualTo(502);
    }
    List<BackendEvent> failures =
        observer.backendEvents().stream().filter(e -> e.type().equals("failed")).toList();
    assertThat(failures).hasSize(6); // two requests, each tried on 1 + 2 backends
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.CONNECT_FAILED);
  }

  @Test
  void withNoHealthyBackendTheClientGets503AtOnce() throws Exception {
    TestBackend backend = closeLater(TestBackend.start("1"));
    startProxy(Timeouts.DEFAULTS, 2, backend.url());
    for (BackendState state : proxy.routing().current().backends()) {
      state.markDown("test", Instant.now());
    }
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.text()).contains("no healthy backend");
      assertThat(response.header("X-Request-Id")).isNotBlank();
    }
    assertThat(backend.requests()).isZero();
    assertThat(lastExchange().backend()).isEqualTo(Exchange.NO_BACKEND);
  }

  @Test
  void aSlowBackendGives504WithinTheRequestTimeout() throws Exception {
    TestBackend slow = closeLater(TestBackend.start("slow"));
    startProxy(new Timeouts(null, Duration.ofMillis(500), null), 2, slow.url());
    try (RawHttp client = RawHttp.connect(port)) {
      long start = System.nanoTime();
      RawHttp.Response response = client.get("/?delay=5000");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // The backend would answer 200 after 5 s: a 504 is the timeout's, and it waited for it.
      assertThat(response.status()).isEqualTo(504);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
      assertThat(lastExchange().failure()).isEqualTo(FailureKind.RESPONSE_TIMEOUT);
      // The slow request is not retried elsewhere, and the client connection stays usable.
      assertThat(slow.requests()).isEqualTo(1);
      assertThat(client.get("/fast").status()).isEqualTo(200);
    }
    assertThat(observer.backendEvents())
        .contains(new BackendEvent("failed", slow.url(), FailureKind.RESPONSE_TIMEOUT));
  }

  @Test
  void aBackendThatStallsMidResponseHasTheClientConnectionClosed() throws Exception {
    ScriptedBackend stalls =
        closeLater(
            ScriptedBackend.start(
                (socket, i) -> {
                  ScriptedBackend.readHead(socket.getInputStream());
                  ScriptedBackend.write(
                      socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part");
                  Thread.sleep(10_000);
                }));
    startProxy(new Timeouts(null, Duration.ofMillis(500), null), 2, stalls.url());
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.truncated()).isTrue();
      assertThat(response.text()).isEqualTo("first part");
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.RESPONSE_TIMEOUT);
    assertThat(lastExchange().status()).isEqualTo(200);
  }

  @Test
  void aBackendThatDiesMidResponseHasTheClientConnectionClosed() throws Exception {
    ScriptedBackend dies =
        closeLater(
            ScriptedBackend.start(
                (socket, i) -> {
                  ScriptedBackend.readHead(socket.getInputStream());
                  ScriptedBackend.write(
                      socket,
                      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                  socket.setSoLinger(true, 0);
                }));
    startProxy(Timeouts.DEFAULTS, 2, dies.url());
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.truncated()).as("no terminating chunk").isTrue();
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.BACKEND_RESET);
  }

  @Test
  void aResetEndsABodyDelimitedByCloseAsACutResponseNotAsItsEnd() throws Exception {
    // Without Content-Length or chunking, a clean close ends the body; a reset does not.
    ScriptedBackend resets = resettingAfterItsFirstBytes();
    startProxy(Timeouts.DEFAULTS, 2, resets.url());
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(response.truncated()).as("no terminating chunk").isTrue();
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.BACKEND_RESET);
  }

  /**
   * The reset above, many times, on each transport: the backend's last bytes and its reset arrive
   * together, and a read that returns those bytes does not report the reset. On io_uring, while
   * Netty learned of readable sockets from a multishot poll, the next read waited for a report that
   * had been dropped, in about one try in ten (see {@link Transport}); each try here is a new
   * backend connection.
   */
  @Transports.Each
  void everyResetAfterABodyDelimitedByCloseEndsTheClientsResponse(TransportKind kind)
      throws Exception {
    Transports.assumeRunsHere(kind);
    ScriptedBackend resets = resettingAfterItsFirstBytes();
    startProxy(
        ProxyOptions.defaults().withWorkers(1).withTransport(kind),
        Timeouts.DEFAULTS,
        2,
        resets.url());
    int tries = 100;
    for (int i = 1; i <= tries; i++) {
      try (RawHttp client = RawHttp.connect(port)) {
        RawHttp.Response response = client.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.truncated()).as("try %d: no terminating chunk", i).isTrue();
      }
    }
    assertThat(resets.connections()).isEqualTo(tries);
  }

  @Test
  void aBackendClosingBeforeItAnswersAPostGives502AndThePostIsNotResent() throws Exception {
    ScriptedBackend hangsUp = hangingUp();
    startProxy(Timeouts.DEFAULTS, 2, hangsUp.url());
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("POST /order HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(client.read(false).status()).isEqualTo(502);
    }
    assertThat(hangsUp.connections()).isEqualTo(1);
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.BACKEND_RESET);
  }

  @Test
  void aPostWhoseBackendClosesBeforeAnsweringIsNotSentToAnotherBackend() throws Exception {
    ScriptedBackend hangsUp = hangingUp();
    TestBackend up = closeLater(TestBackend.start("up"));
    startProxy(Timeouts.DEFAULTS, 2, hangsUp.url(), up.url());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (RawHttp client = RawHttp.connect(port)) {
        client.send("POST /order HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
        statuses.add(client.read(false).status());
      }
    }
    // Round-robin: one POST each; the one the backend hung up on is not given to the other.
    assertThat(statuses).containsExactlyInAnyOrder(200, 502);
    assertThat(hangsUp.connections()).isEqualTo(1);
    assertThat(up.requests()).isEqualTo(1);
  }

  @Test
  void aGetWhoseBackendClosesBeforeAnsweringIsSentToAnotherBackend() throws Exception {
    ScriptedBackend hangsUp = hangingUp();
    TestBackend up = closeLater(TestBackend.start("up"));
    startProxy(Timeouts.DEFAULTS, 2, hangsUp.url(), up.url());
    try (RawHttp client = RawHttp.connect(port)) {
      for (int i = 0; i < 4; i++) {
        RawHttp.Response response = client.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Backend-Id")).isEqualTo("up");
      }
    }
    assertThat(hangsUp.connections()).isPositive();
    assertThat(up.requests()).isEqualTo(4);
    assertThat(observer.backendEvents())
        .contains(
            new BackendEvent("failed", hangsUp.url(), FailureKind.BACKEND_RESET),
            new BackendEvent("retried", hangsUp.url(), null));
    assertThat(lastExchange().failure()).isNull();
  }

  @Test
  void aGetOnAPooledConnectionTheBackendClosedIsResentOnAFreshOne() throws Exception {
    ScriptedBackend closesSecond =
        closeLater(
            ScriptedBackend.start(
                (socket, i) -> {
                  InputStream in = socket.getInputStream();
                  ScriptedBackend.readHead(in);
                  ScriptedBackend.write(socket, ScriptedBackend.ok("conn " + i));
                  if (i == 0) {
                    ScriptedBackend.readHead(in); // the second request, then hang up silently
                    return;
                  }
                  while (ScriptedBackend.readHead(in) != null) {
                    ScriptedBackend.write(socket, ScriptedBackend.ok("conn " + i));
                  }
                }));
    startProxy(Timeouts.DEFAULTS, 0, closesSecond.url());
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/").text()).isEqualTo("conn 0");
      RawHttp.Response second = client.get("/");
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.text()).isEqualTo("conn 1");
    }
    assertThat(observer.backendEvents()).noneMatch(e -> e.type().equals("failed"));
  }

  @Test
  void anInvalidResponseGives502() throws Exception {
    ScriptedBackend garbage =
        closeLater(
            ScriptedBackend.start(
                (socket, i) -> {
                  ScriptedBackend.readHead(socket.getInputStream());
                  ScriptedBackend.write(socket, "SMTP ready\r\n\r\n");
                  Thread.sleep(2000);
                }));
    startProxy(Timeouts.DEFAULTS, 2, garbage.url());
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/").status()).isEqualTo(502);
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.BAD_RESPONSE);
  }

  @Test
  void aConnectThatHangsGives502AfterTheConnectTimeout() throws Exception {
    // A listening socket that never accepts, with its accept queue full: new SYNs go unanswered.
    ServerSocket full = closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    List<Socket> fillers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(full.getLocalSocketAddress(), 200);
        fillers.add(closeLater(filler));
      } catch (java.io.IOException e) {
        filler.close();
        break; // the queue is full
      }
    }
    startProxy(
        new Timeouts(Duration.ofMillis(300), null, null),
        0,
        "http://127.0.0.1:" + full.getLocalPort());
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response response = client.get("/");
      assertThat(response.status()).isEqualTo(502);
      assertThat(response.text()).contains("timed out connecting");
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.CONNECT_TIMEOUT);
  }

  @Test
  void aClientThatGoesAwayFreesTheBackendConnection() throws Exception {
    TestBackend slow = closeLater(TestBackend.start("slow"));
    startProxy(Timeouts.DEFAULTS, 2, slow.url());
    try (RawHttp client = RawHttp.connect(port)) {
      client.send(RawHttp.getRequest("/?delay=3000"));
      await().until(() -> slow.requests() == 1);
    }
    Exchange exchange = lastExchange();
    assertThat(exchange.failure()).isEqualTo(FailureKind.CLIENT_CLOSED);
    assertThat(exchange.status()).isEqualTo(499);
    assertThat(proxy.routing().current().backends().get(0).inFlight()).isZero();
  }

  @Test
  void aStalledUploadIsCutAfterTheRequestBodyTimeoutOnceTheResponseStarted() throws Exception {
    TestBackend echo = closeLater(TestBackend.start("echo"));
    startProxy(new Timeouts(null, null, null, null, Duration.ofMillis(700)), 2, echo.url());
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly some");
      // The echo started, so the response is under way: the client connection is cut.
      RawHttp.Response response = client.read(false);
      assertThat(response.truncated()).isTrue();
      assertThat(client.closedByServer(3000)).isTrue();
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.CLIENT_TIMEOUT);
  }

  @Test
  void aStalledUploadGets408AfterTheRequestBodyTimeout() throws Exception {
    ScriptedBackend waitsForBody =
        closeLater(
            ScriptedBackend.start(
                (socket, i) -> {
                  InputStream in = socket.getInputStream();
                  ScriptedBackend.readHead(in);
                  while (in.read() >= 0) {
                    // takes what comes, answers nothing until the body is complete
                  }
                }));
    startProxy(new Timeouts(null, null, null, null, Duration.ofMillis(700)), 2, waitsForBody.url());
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly some");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer(3000)).isTrue();
    }
    assertThat(lastExchange().failure()).isEqualTo(FailureKind.CLIENT_TIMEOUT);
  }

  @Test
  void anEarlyResponseEndsTheExchangeAndClosesTheConnection() throws Exception {
    ScriptedBackend early =
        closeLater(
            ScriptedBackend.start(
                (socket, i) -> {
                  ScriptedBackend.readHead(socket.getInputStream());
                  ScriptedBackend.write(
                      socket,
                      "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\n\r\ntoo big!");
                  Thread.sleep(2000);
                }));
    startProxy(Timeouts.DEFAULTS, 2, early.url());
    try (RawHttp client = RawHttp.connect(port)) {
      client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\nstart");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.text()).isEqualTo("too big!");
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer(5000)).isTrue();
    }
  }
}
