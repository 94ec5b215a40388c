package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Timeouts;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slow clients against a proxy process with short client timeouts ({@code requestHead} 1s, {@code
 * requestBody} 2s): a slowloris crowd trickling request heads, a stalled upload, a connection that
 * says nothing. Each is answered 408 (or closed) while a normal client keeps being served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientIT {

  private static final int SLOWLORIS = 100;

  /** A head that, one byte at a time, would take far longer than the 1s deadline to complete. */
  private static final String ENDLESS_HEAD =
      "GET /slow HTTP/1.1\r\nHost: t\r\nX-Slow: " + "s".repeat(2000) + "\r\n\r\n";

  private BackendProcess backend;
  private ProxyProcess proxy;
  private AdminClient admin;

  @BeforeAll
  void start() {
    backend = BackendProcess.start(1);
    LoadBalancerConfig config =
        ProxyProcess.configFor(List.of(backend.url())).toBuilder()
            .timeouts(new Timeouts(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2)))
            .build();
    admin = new AdminClient(config.metrics().port());
    proxy = ProxyProcess.builder().config(config).readyWhen(p -> admin.readyz() == 200).start();
  }

  @AfterAll
  void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void slowlorisHeadsGet408AndCloseWhileANormalClientIsServed() throws Exception {
    double timeoutsBefore = clientTimeouts("head");
    long servedBefore = backend.requestCount();
    List<RawHttp> crowd = new ArrayList<>();
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    List<Integer> normalStatuses = new CopyOnWriteArrayList<>();
    AtomicBoolean attacking = new AtomicBoolean(true);
    Thread normal =
        new Thread(
            () -> {
              try (RawHttp client = RawHttp.connect(proxy.port())) {
                while (attacking.get()) {
                  normalStatuses.add(client.get("/").status());
                }
              } catch (IOException e) {
                normalStatuses.add(-1);
              }
            });
    try {
      for (int i = 0; i < SLOWLORIS; i++) {
        crowd.add(RawHttp.connect(proxy.port()));
      }
      int[] sent = {0};
      drip.scheduleWithFixedDelay(
          () -> {
            byte next = (byte) ENDLESS_HEAD.charAt(sent[0]++);
            for (RawHttp slow : crowd) {
              try {
                slow.send(new byte[] {next});
              } catch (IOException e) {
                // answered and closed already
              }
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      normal.start();

      for (RawHttp slow : crowd) {
        RawHttp.Response response = slow.read(false);
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(slow.closedByServer(10_000)).isTrue();
      }
    } finally {
      attacking.set(false);
      drip.shutdownNow();
      normal.join(30_000);
      for (RawHttp slow : crowd) {
        slow.close();
      }
    }

    assertThat(normalStatuses).isNotEmpty().containsOnly(200);
    await().until(() -> clientTimeouts("head") == timeoutsBefore + SLOWLORIS);
    assertThat(backend.requestCount()).isEqualTo(servedBefore + normalStatuses.size());
  }

  @Test
  void aSlowHeadOnAKeptAliveConnectionGets408() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.get("/").status()).isEqualTo(200);
      // A byte every 200ms until the answer: the bytes must not move the 1s deadline.
      InputStream answer = client.socket().getInputStream();
      for (int i = 0; i < ENDLESS_HEAD.length() && answer.available() == 0; i++) {
        client.send(ENDLESS_HEAD.substring(i, i + 1));
        Thread.sleep(200);
      }
      assertThat(client.read(false).status()).isEqualTo(408);
      assertThat(client.closedByServer(10_000)).isTrue();
    }
  }

  @Test
  void aStalledUploadGets408() throws Exception {
    double timeoutsBefore = clientTimeouts("body");
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      // digest=: the backend answers only once it has the whole body, so no response has started.
      client.send(
          "POST /upload?digest=sha256 HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n"
              + "0123456789");
      RawHttp.Response response = client.read(false);
      assertThat(response.status()).isEqualTo(408);
      assertThat(client.closedByServer(10_000)).isTrue();
    }
    await().until(() -> clientTimeouts("body") == timeoutsBefore + 1);
  }

  @Test
  void anUploadWithShortPausesIsServed() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST /upload?digest=sha256 HTTP/1.1\r\nHost: t\r\nContent-Length: 15\r\n\r\n");
      for (int i = 0; i < 15; i++) { // 3s in all, longer than requestBody, but no pause near it
        client.send("x");
        Thread.sleep(200);
      }
      assertThat(client.read(false).status()).isEqualTo(200);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithoutAResponse() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(client.socket().getInputStream().read()).isEqualTo(-1);
    }
  }

  private double clientTimeouts(String phase) {
    return admin.metrics().sum("roundhouse_client_timeouts_total", "phase", phase);
  }
}
