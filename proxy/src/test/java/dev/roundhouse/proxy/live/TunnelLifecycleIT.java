package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.Logging;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.WebSocketBackend;
import dev.roundhouse.proxy.testing.WebSocketClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSockets through a real proxy process while its config changes and while it shuts down: a
 * reload never cuts a tunnel, not even one to a backend the new config removes, and a shutdown
 * closes tunnels only once its drain timeout is over.
 */
class TunnelLifecycleIT {

  private static final int SOCKETS = 100;
  private static final int RELOADS = 50;

  private final EventLoopGroup clients =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private WebSocketBackend one;
  private WebSocketBackend two;

  @BeforeEach
  void startBackends() {
    one = WebSocketBackend.start("1");
    two = WebSocketBackend.start("2");
  }

  @AfterEach
  void stop() {
    clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    one.close();
    two.close();
  }

  private static LoadBalancerConfig config(
      int port, int admin, boolean accessLog, WebSocketBackend to) {
    return new LoadBalancerConfig(
        List.of(Frontend.onPort(port)),
        List.of(Backend.of(to.url())),
        null,
        null,
        null,
        null,
        new Logging(null, LogFormat.TEXT, accessLog),
        new Metrics(null, admin));
  }

  private static ProxyProcess start(LoadBalancerConfig config, String... args) {
    AdminClient admin = new AdminClient(config.metrics().port());
    return ProxyProcess.builder()
        .config(config)
        .args(args)
        .readyWhen(p -> admin.readyz() == 200)
        .start();
  }

  @Test
  void fiftyReloadsWhileAHundredWebSocketsTalkCutNone() throws Exception {
    int port = FreePorts.next();
    int adminPort = FreePorts.next();
    AdminClient admin = new AdminClient(adminPort);
    LoadBalancerConfig toOne = config(port, adminPort, false, one);
    LoadBalancerConfig toTwo = config(port, adminPort, false, two);
    List<WebSocketClient> sockets = new ArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicLong echoed = new AtomicLong();
    AtomicBoolean talking = new AtomicBoolean(true);

    try (ProxyProcess proxy = start(toOne)) {
      for (int i = 0; i < SOCKETS; i++) {
        sockets.add(WebSocketClient.connect(clients, port, "/ws"));
      }
      await().until(() -> one.open() == SOCKETS);
      Thread talker =
          new Thread(
              () -> {
                for (long n = 0; talking.get(); n++) {
                  WebSocketClient socket = sockets.get((int) (n % SOCKETS));
                  try {
                    String answer = socket.exchange("message " + n);
                    if (("message " + n).equals(answer)) {
                      echoed.incrementAndGet();
                    } else {
                      failures.add("socket " + n % SOCKETS + ": got " + answer);
                    }
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "websocket-talker");
      talker.start();

      for (int reload = 1; reload <= RELOADS; reload++) {
        long before = echoed.get();
        proxy.replaceConfig(reload % 2 == 1 ? toTwo : toOne);
        int revision = reload + 1;
        await("revision " + revision + " in force")
            .atMost(Duration.ofSeconds(20))
            .until(() -> admin.status().get("revision").asInt() == revision);
        await("messages echoed after reload " + reload)
            .atMost(Duration.ofSeconds(20))
            .until(() -> echoed.get() > before + 10 || !failures.isEmpty());
      }
      talking.set(false);
      talker.join(60_000);

      assertThat(failures).as("messages lost or garbled").isEmpty();
      assertThat(echoed.get()).isGreaterThan(RELOADS * 10);
      assertThat(sockets).allMatch(WebSocketClient::isOpen);
      assertThat(one.open())
          .as("tunnels to backend 1, removed by every other reload")
          .isEqualTo(SOCKETS);
      assertThat(one.closed()).isZero();
      assertThat(admin.metrics().value("roundhouse_tunnels_active")).isEqualTo(SOCKETS);
      assertThat(admin.metrics().value("roundhouse_upgrades_total", "result", "switched"))
          .isEqualTo(SOCKETS);
      // The last config (the 50th reload's) sends new WebSockets to backend 1 again; before it,
      // config two sent them to backend 2.
      try (WebSocketClient late = WebSocketClient.connect(clients, port, "/ws")) {
        assertThat(late.exchange("id")).isEqualTo("backend 1");
      }
      proxy.replaceConfig(toTwo);
      await().until(() -> admin.status().get("revision").asInt() == RELOADS + 2);
      try (WebSocketClient late = WebSocketClient.connect(clients, port, "/ws")) {
        assertThat(late.exchange("id")).isEqualTo("backend 2");
      }
      for (WebSocketClient socket : sockets) {
        assertThat(socket.exchange("still here")).isEqualTo("still here");
      }
    } finally {
      talking.set(false);
      sockets.forEach(WebSocketClient::close);
    }
  }

  @Test
  void aShutdownClosesATunnelOnlyAfterTheDrainTimeoutAndLogsIt() throws Exception {
    int port = FreePorts.next();
    int adminPort = FreePorts.next();
    try (ProxyProcess proxy = start(config(port, adminPort, true, one), "--drain-timeout", "3s");
        WebSocketClient socket = WebSocketClient.connect(clients, port, "/ws")) {
      assertThat(socket.exchange("before")).isEqualTo("before");

      proxy.signal("TERM");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> proxy.output().contains("new connections are refused"));
      assertThat(socket.exchange("while draining"))
          .as("a tunnel carries on through the drain")
          .isEqualTo("while draining");
      assertThat(proxy.output()).doesNotContain("drain timeout of 3s is over");

      await().atMost(Duration.ofSeconds(30)).until(() -> !socket.isOpen());
      assertThat(proxy.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(proxy.output())
          .contains("shutdown: the drain timeout of 3s is over")
          .containsPattern(
              "\"GET /ws\" 101 "
                  + one.url()
                  + " .* tunnel=\\S+ms from_client=\\d+B"
                  + " to_client=\\d+B closed_by=shutdown");
      await().until(() -> one.open() == 0);
    }
  }
}
