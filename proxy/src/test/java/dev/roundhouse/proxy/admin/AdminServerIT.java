package dev.roundhouse.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.health.HealthChecker;
import dev.roundhouse.proxy.health.HealthListener;
import dev.roundhouse.proxy.metrics.ProxyMetrics;
import dev.roundhouse.proxy.metrics.Scrape;
import dev.roundhouse.proxy.observe.Exchange;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin server over real HTTP on 127.0.0.1. */
class AdminServerIT {

  private final BackendState b1 = new BackendState(Backend.of("http://b1:9001"), Instant.now());
  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final HealthChecker checker =
      new HealthChecker(
          group,
          (backend, path, timeout) -> new CompletableFuture<>(),
          HealthListener.NONE,
          Clock.systemUTC());
  private final ProxyMetrics metrics = new ProxyMetrics(ByteBufAllocator.DEFAULT);
  private final AtomicReference<Readiness.State> ready =
      new AtomicReference<>(Readiness.State.notReady("starting: listeners not bound yet"));
  private final AtomicBoolean metricsEnabled = new AtomicBoolean(true);
  private final AdminRoutes routes =
      AdminEndpoints.install(
          new AdminRoutes(ForkJoinPool.commonPool()),
          ready::get,
          new FixedStatus(1, List.of(Frontend.onPort(8080)), List.of(b1)),
          checker,
          metrics,
          metricsEnabled::get);
  private static final String LOOPBACK = "127.0.0.1";

  private final AdminServer server = new AdminServer(routes);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void close() {
    server.close();
    checker.close();
    metrics.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return get(LOOPBACK, port, path);
  }

  private HttpResponse<String> get(String host, int port, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheStandardEndpoints() throws Exception {
    int port = server.start(LOOPBACK, 0);
    metrics.update(List.of(Frontend.onPort(8080)), List.of(b1));
    metrics
        .observer()
        .exchangeCompleted(
            new Exchange(
                System.currentTimeMillis(),
                "8080",
                "127.0.0.1",
                "GET",
                "/",
                200,
                b1.address(),
                Duration.ofMillis(4).toNanos(),
                10,
                "r1",
                null));

    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get(port, "/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("starting: listeners not bound yet\n");
    ready.set(Readiness.State.READY);
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

    HttpResponse<String> scrape = get(port, "/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(
            Scrape.parse(scrape.body())
                .value("roundhouse_requests_total", "backend", "http://b1:9001", "code", "200"))
        .isEqualTo(1);

    HttpResponse<String> status = get(port, "/status");
    assertThat(status.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(status.body());
    assertThat(json.get("backends").get(0).get("address").asText()).isEqualTo("http://b1:9001");
    assertThat(json.get("backends").get(0).get("health").asText()).isEqualTo("up");

    assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void withMetricsDisabledOnlyMetricsIsGone() throws Exception {
    int port = server.start(LOOPBACK, 0);
    metricsEnabled.set(false);

    assertThat(get(port, "/metrics").statusCode()).isEqualTo(404);
    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(port, "/status").statusCode()).isEqualTo(200);
  }

  @Test
  void aRouteAddedWhileRunningIsServedAndMayAnswerLater() throws Exception {
    int port = server.start(LOOPBACK, 0);

    routes.postBlocking(
        "/admin/echo",
        request ->
            AdminResponse.text(200, "got " + new String(request.body(), StandardCharsets.UTF_8)));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("revision=2"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("got revision=2\n");
  }

  @Test
  void movesToAnotherPortAndReleasesTheOldOne() throws Exception {
    int first = server.start(LOOPBACK, 0);
    int second = FreePorts.next();

    assertThat(server.moveTo(LOOPBACK, second)).isEqualTo(second);

    assertThat(server.port()).isEqualTo(second);
    assertThat(get(second, "/healthz").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> get(first, "/healthz")).isInstanceOf(IOException.class);
  }

  @Test
  void movesToAnotherAddressOnTheSamePort() throws Exception {
    // Below the ephemeral range: an outgoing connection elsewhere cannot take the port meanwhile.
    int port = server.start(LOOPBACK, FreePorts.next());

    assertThat(server.moveTo("127.0.0.2", port)).isEqualTo(port);

    assertThat(get("127.0.0.2", port, "/healthz").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> get(LOOPBACK, port, "/healthz")).isInstanceOf(IOException.class);

    // Every address holds every address's port: the move from one address cannot bind first.
    assertThat(server.moveTo("0.0.0.0", port)).isEqualTo(port);
    assertThat(get(LOOPBACK, port, "/healthz").statusCode()).isEqualTo(200);
    assertThat(get("127.0.0.2", port, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void aMoveToABusyPortFailsAndKeepsTheOldOne() throws Exception {
    int port = server.start(LOOPBACK, 0);
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> server.moveTo(LOOPBACK, busy.getLocalPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot listen on admin port 127.0.0.1:" + busy.getLocalPort());
    }

    assertThat(server.port()).isEqualTo(port);
    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void stopsAndStartsAgain() throws Exception {
    int port = server.start(LOOPBACK, 0);
    server.stop();

    assertThat(server.port()).isEqualTo(-1);
    // Not a bare connect: a freed ephemeral port can be re-taken by another process on a busy
    // machine (or even self-connect); what matters is that the admin server no longer answers.
    assertThatThrownBy(() -> get(port, "/healthz")).isInstanceOf(IOException.class);

    int again = server.start(LOOPBACK, 0);
    assertThat(get(again, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void malformedHttpGets400NotAHang() throws Exception {
    int port = server.start(LOOPBACK, 0);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    int port = server.start(LOOPBACK, 0);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
      out.write(
          (request + request + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(4);
    }
  }
}
