package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.testing.LeakCheck;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.RecordingObserver;
import dev.roundhouse.proxy.testing.ScriptedBackend;
import dev.roundhouse.proxy.testing.TestBackend;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a config change and shutdown build on: ports bound and unbound at run time, client
 * connections told to finish and close, and pooled backend connections that expire.
 */
@ExtendWith(LeakCheck.class)
class ConnectionLifecycleIT {

  private final RecordingObserver observer = new RecordingObserver();
  private TestBackend backend;
  private ProxyServer proxy;
  private int port;

  @BeforeEach
  void start() throws ListenException {
    backend = TestBackend.start("1");
    port = FreePorts.next();
    proxy = startProxy(Duration.ofSeconds(30), backend.url());
  }

  private ProxyServer startProxy(Duration idle, String backendUrl) throws ListenException {
    return startProxy(idle, backendUrl, 2);
  }

  private ProxyServer startProxy(Duration idle, String backendUrl, int workers)
      throws ListenException {
    return InProcessProxy.start(
        InProcessProxy.config(port, new Timeouts(null, null, idle), null, backendUrl),
        ProxyOptions.defaults().withWorkers(workers),
        observer);
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void aConnectionToldToCloseFinishesItsRequestFirst() throws Exception {
    try (RawHttp busy = RawHttp.connect(port);
        RawHttp idle = RawHttp.connect(port)) {
      assertThat(idle.get("/").status()).isEqualTo(200);
      busy.send(RawHttp.getRequest("/slow?delay=700"));
      await().until(() -> backend.inFlight() == 1);

      int told = proxy.connections().finishAndClose(frontend -> true);

      assertThat(told).isEqualTo(2);
      assertThat(idle.closedByServer(3000)).as("the idle connection closes at once").isTrue();
      RawHttp.Response response = busy.read(false);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("backend 1 /slow\n");
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(busy.closedByServer(3000)).isTrue();
    }
    await().until(() -> proxy.connections().size() == 0);
    // The listener still accepts: only the connections were closed.
    try (RawHttp again = RawHttp.connect(port)) {
      assertThat(again.get("/").status()).isEqualTo(200);
    }
  }

  @Test
  void finishAndCloseSelectsConnectionsByFrontend() throws Exception {
    int second = FreePorts.next();
    proxy.listeners().bind(new Frontend(second, "second"));
    try (RawHttp first = RawHttp.connect(port);
        RawHttp other = RawHttp.connect(second)) {
      assertThat(first.get("/").status()).isEqualTo(200);
      assertThat(other.get("/").status()).isEqualTo(200);
      assertThat(proxy.connections().count("second")).isEqualTo(1);

      assertThat(proxy.connections().finishAndClose("second"::equals)).isEqualTo(1);

      assertThat(other.closedByServer(3000)).isTrue();
      assertThat(first.get("/").status()).isEqualTo(200);
    }
  }

  @Test
  void anUnboundPortStopsAcceptingWhileItsOpenConnectionsCarryOn() throws Exception {
    int added = FreePorts.next();
    proxy.listeners().bind(Frontend.onPort(added));
    assertThat(proxy.listeners().ports()).containsExactlyInAnyOrder(port, added);
    try (RawHttp open = RawHttp.connect(added)) {
      assertThat(open.get("/").status()).isEqualTo(200);

      assertThat(proxy.listeners().unbind(added)).isTrue();

      assertThat(ProxyProcess.accepts(added)).isFalse();
      assertThat(open.get("/still-here").text()).isEqualTo("backend 1 /still-here\n");
    }
    assertThat(proxy.listeners().ports()).containsExactly(port);
    assertThat(proxy.listeners().unbind(added)).isFalse();
  }

  @Test
  void aClientThatAsksToCloseIsDisconnectedWithoutLingering() throws Exception {
    proxy.close();
    proxy = startProxy(Duration.ofSeconds(30), backend.url(), 1);
    try (RawHttp closing = RawHttp.connect(port);
        RawHttp next = RawHttp.connect(port)) {
      RawHttp.Response response = closing.get("/", "Connection: close");
      long answered = System.nanoTime();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(closing.closedByServer(3000)).isTrue();

      // The client still holds its end open. Lingering would keep its connection until the
      // client closes or the 2 s grace ends; a client that asked to close is let go at once. The
      // close completes a loop iteration or two after the last write (on io_uring the kernel
      // reports it), so it is awaited, and must come before the grace would have ended.
      assertThat(next.get("/").status()).isEqualTo(200);
      await().until(() -> proxy.connections().size() == 1 && observer.closed() == 1);
      assertThat(Duration.ofNanos(System.nanoTime() - answered))
          .as("closed without the lingering grace")
          .isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void clientsThatCloseAfterEachRequestShareOnePooledBackendConnection() throws Exception {
    proxy.close();
    proxy = startProxy(Duration.ofSeconds(30), backend.url(), 1);
    for (int i = 0; i < 5; i++) {
      try (RawHttp client = RawHttp.connect(port)) {
        assertThat(client.get("/", "Connection: close").status()).isEqualTo(200);
        assertThat(client.closedByServer(3000)).isTrue();
      }
    }
    assertThat(backend.connections()).isEqualTo(1);
    assertThat(proxy.pool().stats().reused()).isEqualTo(4);
  }

  @Test
  void pooledConnectionsIdleLongerThanTheIdleTimeoutAreClosed() throws Exception {
    proxy.close();
    proxy = startProxy(Duration.ofMillis(400), backend.url());
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/").status()).isEqualTo(200);
    }
    await().until(() -> proxy.pool().stats().closedIdle() == 1);
    assertThat(proxy.pool().stats().idle()).isZero();
    try (RawHttp client = RawHttp.connect(port)) {
      assertThat(client.get("/").status()).isEqualTo(200);
    }
    assertThat(backend.connections()).isEqualTo(2);
  }

  @Test
  void aPooledConnectionTheBackendClosesIsForgotten() throws Exception {
    ScriptedBackend oneRequestPerConnection =
        ScriptedBackend.start(
            (socket, i) -> {
              InputStream in = socket.getInputStream();
              ScriptedBackend.readHead(in);
              ScriptedBackend.write(socket, ScriptedBackend.ok("conn " + i));
              Thread.sleep(100); // then close, as a backend with a short keep-alive does
            });
    try (oneRequestPerConnection) {
      proxy.close();
      proxy = startProxy(Duration.ofSeconds(30), oneRequestPerConnection.url());
      try (RawHttp client = RawHttp.connect(port)) {
        assertThat(client.get("/").text()).isEqualTo("conn 0");
        await().until(() -> proxy.pool().stats().closedIdle() == 1);
        assertThat(client.get("/").text()).isEqualTo("conn 1");
      }
      assertThat(proxy.pool().stats().reused()).isZero();
    }
  }

  @Test
  void clientConnectionsAreCountedAndReported() throws Exception {
    try (RawHttp a = RawHttp.connect(port);
        RawHttp b = RawHttp.connect(port)) {
      a.get("/");
      b.get("/");
      assertThat(proxy.connections().size()).isEqualTo(2);
    }
    await().until(() -> observer.closed() == 2);
    assertThat(observer.opened()).isEqualTo(2);
    assertThat(proxy.connections().size()).isZero();
  }
}
