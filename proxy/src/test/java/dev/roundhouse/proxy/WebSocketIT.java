package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Timeouts;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.TunnelSummary.ClosedBy;
import dev.roundhouse.proxy.observe.UpgradeResult;
import dev.roundhouse.proxy.routing.RoutingTable;
import dev.roundhouse.proxy.testing.LeakCheck;
import dev.roundhouse.proxy.testing.RecordingObserver;
import dev.roundhouse.proxy.testing.WebSocketBackend;
import dev.roundhouse.proxy.testing.WebSocketClient;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WebSockets through the data path in one JVM: a real WebSocket client and server (Netty's codec)
 * on loopback sockets, the proxy between them.
 */
@ExtendWith(LeakCheck.class)
class WebSocketIT {

  private static final String HANDSHAKE =
      "Connection: Upgrade\r\n"
          + "Upgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";

  private final RecordingObserver observer = new RecordingObserver();
  private WebSocketBackend backend;
  private ProxyServer proxy;
  private int port;

  @BeforeEach
  void start() throws ListenException {
    backend = WebSocketBackend.start("1");
    port = FreePorts.next();
    proxy =
        InProcessProxy.start(
            InProcessProxy.config(port, null, null, backend.url()),
            ProxyOptions.defaults().withWorkers(1),
            observer);
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  private Exchange tunnelRecord() {
    await().until(() -> observer.exchanges().stream().anyMatch(e -> e.tunnel() != null));
    return observer.exchanges().stream().filter(e -> e.tunnel() != null).findFirst().orElseThrow();
  }

  @Test
  void echoesThroughTheProxyAndTheBackendGetsTheHandshake() throws Exception {
    try (WebSocketClient client = WebSocketClient.connect(port, "/ws/chat")) {
      assertThat(client.exchange("hello")).isEqualTo("hello");
      assertThat(client.exchange("id")).isEqualTo("backend 1");
      for (int i = 0; i < 100; i++) {
        assertThat(client.exchange("message " + i)).isEqualTo("message " + i);
      }
      assertThat(observer.upgrades()).containsExactly(UpgradeResult.SWITCHED);
      assertThat(observer.exchanges()).as("reported when the tunnel closes").isEmpty();
    }

    HttpHeaders handshake = backend.handshakes().get(0);
    assertThat(handshake.get("Upgrade")).isEqualTo("websocket");
    assertThat(handshake.get("Connection")).isEqualToIgnoringCase("upgrade");
    assertThat(handshake.get("Sec-WebSocket-Key")).isNotBlank();
    assertThat(handshake.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(handshake.get("X-Request-Id")).isNotBlank();
    Exchange tunnelled = tunnelRecord();
    assertThat(tunnelled.status()).isEqualTo(101);
    assertThat(tunnelled.path()).isEqualTo("/ws/chat");
    assertThat(tunnelled.backend()).isEqualTo(backend.url());
    assertThat(tunnelled.failure()).isNull();
    assertThat(tunnelled.tunnel().bytesFromClient()).isGreaterThan(100 * "message 0".length());
    assertThat(tunnelled.tunnel().bytesToClient()).isGreaterThan(100 * "message 0".length());
    assertThat(tunnelled.tunnel().closedBy()).isEqualTo(ClosedBy.CLIENT);
    await().until(() -> backend.open() == 0 && backend.closed() == 1);
  }

  @Test
  void theBackendClosingEndsTheTunnelAndTheClientGetsItsCloseFrame() throws Exception {
    try (WebSocketClient client = WebSocketClient.connect(port, "/ws")) {
      client.send("close");
      await().until(() -> !client.isOpen());
      assertThat(client.closeStatus()).isEqualTo(1000);
    }
    assertThat(tunnelRecord().tunnel().closedBy()).isEqualTo(ClosedBy.BACKEND);
  }

  @Test
  void aCloseHandshakeFromTheClientCompletes() throws Exception {
    try (WebSocketClient client = WebSocketClient.connect(port, "/ws")) {
      client.closeNormally();
      assertThat(client.isOpen()).isFalse();
      assertThat(client.closeStatus()).as("the server's answering close frame").isEqualTo(1000);
    }
    await().until(() -> backend.closed() == 1);
    // The server closes the TCP connection after the close frames (RFC 6455 7.1.1).
    assertThat(tunnelRecord().tunnel().closedBy()).isEqualTo(ClosedBy.BACKEND);
  }

  @Test
  void carriesLargeFramesBothWaysIntact() throws Exception {
    byte[] frame = new byte[1 << 20];
    new Random(42).nextBytes(frame);
    CRC32 sent = new CRC32();
    try (WebSocketClient client = WebSocketClient.connect(port, "/ws")) {
      for (int i = 0; i < 3; i++) {
        client.send(frame);
        sent.update(frame);
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> client.binaryBytes() == 3L * frame.length);
      assertThat(client.binaryCrc()).isEqualTo(sent.getValue());
      assertThat(client.exchange("still there?")).isEqualTo("still there?");
    }
    assertThat(tunnelRecord().tunnel().bytesToClient()).isGreaterThan(3L * frame.length);
  }

  @Test
  void aSlowReaderHoldsTheBackendBackInsteadOfFillingTheProxysMemory() throws Exception {
    long flood = 64L << 20;
    try (WebSocketClient client = WebSocketClient.connect(port, "/ws")) {
      client.pauseReading();
      client.send("flood " + flood);
      long[] last = {-1};
      await("the backend's writes stall")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                long now = backend.flooded();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
              });
      // What is in flight is the kernel's socket buffers (the proxy's backend-side receive buffer
      // may autotune to a few MiB) and at most a write buffer in the proxy, far from all of it.
      assertThat(backend.flooded()).as("bytes the backend could send").isLessThan(flood / 2);
      assertThat(client.binaryBytes()).isZero();

      client.resumeReading();
      await().atMost(Duration.ofMinutes(2)).until(() -> client.binaryBytes() == flood);
      assertThat(client.exchange("after the flood")).isEqualTo("after the flood");
    }
  }

  @Test
  void aBackendAnsweringWithoutSwitchingIsRelayedAsAResponse() throws Exception {
    try (RawHttp client = RawHttp.connect(port)) {
      RawHttp.Response refused = client.get("/refuse", HANDSHAKE.split("\r\n"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.text()).isEqualTo("no websockets here\n");
      assertThat(refused.header("Upgrade")).isNull();
      RawHttp.Response next = client.get("/");
      assertThat(next.status()).as("the connection serves on").isEqualTo(200);
      assertThat(next.text()).isEqualTo("backend 1\n");
    }
    await().until(() -> observer.exchanges().size() == 2);
    assertThat(observer.upgrades()).containsExactly(UpgradeResult.REFUSED);
    assertThat(observer.exchanges().get(0).status()).isEqualTo(403);
    assertThat(observer.exchanges().get(0).tunnel()).isNull();
  }

  @Test
  void anUpgradeTheConfigDoesNotAllowIsNotPassed() throws Exception {
    install(new Timeouts(null, null, null, null, null), List.of("example"));
    assertThatThrownBy(() -> WebSocketClient.connect(port, "/ws").close())
        .isInstanceOf(IllegalStateException.class);
    assertThat(backend.handshakes())
        .singleElement()
        .satisfies(headers -> assertThat(headers.get("Upgrade")).isNull());
    assertThat(observer.upgrades()).isEmpty();
  }

  @Test
  void aTunnelOnAPortAReloadRemovesCarriesOnUntilItCloses() throws Exception {
    try (WebSocketClient socket = WebSocketClient.connect(port, "/ws");
        RawHttp idle = RawHttp.connect(port)) {
      assertThat(idle.get("/").status()).isEqualTo(200);
      // What a reload does to a port it removes: the listener closes, its connections are told.
      proxy.listeners().unbind(port);
      assertThat(proxy.connections().finishAndCloseOnPorts(List.of(port))).isEqualTo(2);

      assertThat(idle.closedByServer(10_000)).as("the idle keep-alive connection").isTrue();
      for (int i = 0; i < 20; i++) {
        assertThat(socket.exchange("on a removed port " + i)).isEqualTo("on a removed port " + i);
      }
      assertThat(socket.isOpen()).isTrue();
      assertThat(backend.open()).isEqualTo(1);
    }
    assertThat(tunnelRecord().tunnel().closedBy()).isEqualTo(ClosedBy.CLIENT);
  }

  @Test
  void aTunnelOutlivesTheIdleAndRequestTimeoutsAndClosesAfterTheTunnelTimeout() throws Exception {
    install(
        new Timeouts(
            null,
            Duration.ofMillis(400),
            Duration.ofMillis(400),
            null,
            null,
            Duration.ofSeconds(2)),
        List.of("websocket"));
    try (WebSocketClient client = WebSocketClient.connect(port, "/ws")) {
      for (int i = 0; i < 3; i++) {
        // Past the idle and request timeouts each time, within the tunnel's.
        Thread.sleep(700);
        assertThat(client.exchange("ping " + i)).isEqualTo("ping " + i);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !client.isOpen());
    }
    assertThat(tunnelRecord().tunnel().closedBy()).isEqualTo(ClosedBy.IDLE);
    assertThat(tunnelRecord().tunnel().duration()).isGreaterThan(Duration.ofSeconds(2));
    await().until(() -> backend.open() == 0);
  }

  private void install(Timeouts timeouts, List<String> upgrades) {
    proxy
        .routing()
        .install(
            RoutingTable.of(
                InProcessProxy.config(port, timeouts, null, backend.url()).toBuilder()
                    .upgrades(upgrades)
                    .build(),
                proxy.routing().current(),
                Instant.now()));
  }
}
