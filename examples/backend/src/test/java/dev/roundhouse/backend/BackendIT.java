package dev.roundhouse.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.backend.http.PatternBody;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.LaunchClasspath;
import dev.roundhouse.backend.testing.RawHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The backend as a real process on a real port, driven over HTTP. */
class BackendIT {

  private static final int MIB = 1 << 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static BackendProcess backend;

  @BeforeAll
  static void startBackend() {
    backend = BackendProcess.start(1);
  }

  @AfterAll
  static void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void rootSaysWhichBackendAnsweredAndWhatItReceived() throws Exception {
    HttpResponse<String> response =
        send(
            request("/some/path?q=1")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Request-Id", "req-42"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("1");
    assertThat(response.body())
        .isEqualTo(
            "{\"id\":\"1\",\"port\":"
                + backend.port()
                + ",\"method\":\"GET\",\"path\":\"/some/path?q=1\","
                + "\"xForwardedFor\":\"203.0.113.9\",\"xRequestId\":\"req-42\"}\n");

    assertThat(send(request("/")).body()).contains("\"xForwardedFor\":null,\"xRequestId\":null");
  }

  @Test
  void wsSaysWhichBackendAnsweredThenEchoesWhatItIsSent() throws Exception {
    Messages messages = new Messages();
    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .header("X-Request-Id", "ws-1")
            .buildAsync(URI.create("ws://127.0.0.1:" + backend.port() + "/ws"), messages)
            .get(5, TimeUnit.SECONDS);

    assertThat(messages.next())
        .startsWith("{\"id\":\"1\",")
        .contains("\"path\":\"/ws\"", "\"xRequestId\":\"ws-1\"");
    socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
    assertThat(messages.next()).isEqualTo("hello");
    socket.sendText("two ", false).get(5, TimeUnit.SECONDS);
    socket.sendText("parts", true).get(5, TimeUnit.SECONDS);
    assertThat(messages.next()).isEqualTo("two parts");
    socket.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.US_ASCII)));
    assertThat(messages.next()).isEqualTo("pong p");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    assertThat(messages.next()).isEqualTo("close 1000 bye");
  }

  @Test
  void wsWithoutAnUpgradeIsAnOrdinaryPath() throws Exception {
    HttpResponse<String> response = send(request("/ws"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"path\":\"/ws\"");
  }

  /** What a WebSocket receives, one whole message (or pong, or close) at a time. */
  private static final class Messages implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add(text.toString());
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
      received.add("pong " + StandardCharsets.US_ASCII.decode(message));
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      received.add("close " + status + " " + reason);
      return null;
    }

    String next() throws InterruptedException {
      String message = received.poll(5, TimeUnit.SECONDS);
      assertThat(message).as("a message within 5 s").isNotNull();
      return message;
    }
  }

  @Test
  void healthFollowsTheAdminSwitch() throws Exception {
    assertThat(send(request("/health"))).satisfies(r -> assertStatusBody(r, 200, "ok"));
    backend.setHealthy(false);
    try {
      assertThat(send(request("/health"))).satisfies(r -> assertStatusBody(r, 503, "down"));
      assertThat(send(request("/")).statusCode()).as("only /health goes down").isEqualTo(200);
    } finally {
      backend.setHealthy(true);
    }
    assertThat(send(request("/health"))).satisfies(r -> assertStatusBody(r, 200, "ok"));
  }

  @Test
  void statsCountServedRequestsButNotHealthOrAdmin() throws Exception {
    long before = backend.requestCount();
    send(request("/"));
    send(request("/a?status=500"));
    send(request("/b").POST(BodyPublishers.ofString("x")));
    send(request("/health"));
    send(request("/admin/stats"));
    send(request("/admin/health"));
    assertThat(backend.requestCount()).isEqualTo(before + 3);
  }

  @Test
  void statusSwitchAnswersThatStatus() throws Exception {
    HttpResponse<String> response = send(request("/?status=503"));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("1");
    assertThat(send(request("/?status=418")).statusCode()).isEqualTo(418);
    assertThat(send(request("/?status=42")).statusCode()).isEqualTo(400);
  }

  @Test
  void delayHoldsOneAnswerWhileOthersAreServed() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> slow =
        HTTP.sendAsync(request("/slow?delay=2s").build(), BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight() == 1);
    HttpResponse<String> quick = send(request("/quick"));
    assertThat(quick.statusCode()).isEqualTo(200);
    assertThat(slow).as("the delayed answer is still pending").isNotDone();
    HttpResponse<String> delayed = slow.get(10, TimeUnit.SECONDS);
    assertThat(delayed.statusCode()).isEqualTo(200);
    assertThat(delayed.body()).contains("\"path\":\"/slow?delay=2s\"");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void headAnswersHeadersOnly() throws Exception {
    HttpResponse<String> response =
        send(request("/?size=1000").method("HEAD", BodyPublishers.noBody()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(1000);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void sizeStreamsExactlyThatManyBytes() throws Exception {
    long size = 64L * MIB;
    HttpResponse<InputStream> response =
        HTTP.send(request("/?size=" + size).build(), BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(size);
    BodyDigest received = BodyDigest.of(response.body());
    assertThat(received.length()).isEqualTo(size);
    assertThat(received.sha256()).isEqualTo(patternSha256(size));
  }

  @Test
  void uploadWithALengthIsEchoedByteForByte() throws Exception {
    byte[] payload = randomBytes(64 * MIB);
    BodyDigest digest = new BodyDigest();
    RawHttp.Response response =
        echo(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + payload.length + "\r\n\r\n",
            new ByteArrayInputStream(payload),
            digest);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-length")).isEqualTo(String.valueOf(payload.length));
    assertThat(digest.length()).isEqualTo(payload.length);
    assertThat(digest.sha256()).isEqualTo(sha256(payload));
  }

  /** Sends {@code head} and {@code body} while the echo is read into {@code digest}. */
  private RawHttp.Response echo(String head, InputStream body, BodyDigest digest) throws Exception {
    try (RawHttp connection = RawHttp.connect(backend.port())) {
      CompletableFuture<Void> sent = connection.sendInBackground(head, body);
      RawHttp.Response response = connection.readInto(digest.sink());
      sent.get(30, TimeUnit.SECONDS);
      return response;
    }
  }

  @Test
  void digestProvesAnUploadArrivedWholeWithAnyClient() throws Exception {
    byte[] payload = randomBytes(64 * MIB);
    HttpResponse<String> response =
        send(request("/upload?digest=sha256").POST(BodyPublishers.ofByteArray(payload)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "{\"id\":\"1\",\"bytes\":"
                + payload.length
                + ",\"sha256\":\""
                + sha256(payload)
                + "\"}\n");
  }

  @Test
  void chunkedUploadIsEchoedChunked() throws Exception {
    byte[] payload = randomBytes(16 * MIB);
    BodyDigest digest = new BodyDigest();
    RawHttp.Response response =
        echo(
            "PUT /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n",
            new ChunkedEncoding(new ByteArrayInputStream(payload), 100_000),
            digest);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(digest.sha256()).isEqualTo(sha256(payload));
  }

  @Test
  void smallUploadIsEchoedToAnOrdinaryClient() throws Exception {
    HttpResponse<String> response =
        send(
            request("/form")
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("hello")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(response.body()).isEqualTo("hello");
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws Exception {
    try (RawHttp connection = RawHttp.connect(backend.port())) {
      for (int i = 0; i < 3; i++) {
        RawHttp.Response response =
            connection.send("GET /ka/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read(false);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains("\"path\":\"/ka/" + i + "\"");
        assertThat(response.headers()).doesNotContainKey("connection");
      }
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttp connection = RawHttp.connect(backend.port())) {
      connection.send(
          "GET /first?delay=300ms HTTP/1.1\r\nHost: t\r\n\r\nGET /second HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(connection.read(false).text()).contains("/first");
      assertThat(connection.read(false).text()).contains("/second");
    }
  }

  @Test
  void malformedRequestsAre4xxAndNeverCounted() throws Exception {
    long before = backend.requestCount();
    try (RawHttp connection = RawHttp.connect(backend.port())) {
      RawHttp.Response response =
          connection
              .send(
                  "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
              .read(false);
      assertThat(response.status()).isEqualTo(400);
      assertThat(connection.closedByServer(10_000)).isTrue();
    }
    try (RawHttp connection = RawHttp.connect(backend.port())) {
      String longPath = "/" + "x".repeat(10_000);
      assertThat(
              connection
                  .send("GET " + longPath + " HTTP/1.1\r\nHost: t\r\n\r\n")
                  .read(false)
                  .status())
          .isEqualTo(414);
    }
    try (RawHttp connection = RawHttp.connect(backend.port())) {
      String header = "X-Big: " + "y".repeat(20_000) + "\r\n";
      assertThat(
              connection
                  .send("GET / HTTP/1.1\r\nHost: t\r\n" + header + "\r\n")
                  .read(false)
                  .status())
          .isEqualTo(431);
    }
    assertThat(backend.requestCount()).isEqualTo(before);
  }

  @Test
  void sigtermFinishesTheRequestInFlightAndExitsZero() throws Exception {
    try (BackendProcess own = BackendProcess.start(2)) {
      CompletableFuture<HttpResponse<String>> inFlight =
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(own.url() + "/?delay=1s")).build(),
              BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(5)).until(() -> statsOf(own).contains("\"inFlight\":1"));

      assertThat(own.stop()).isZero();

      HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("2");
      assertThat(Files.readString(own.logFile()))
          .contains("backend 2: stopped after serving 1 requests");
    }
  }

  @Test
  void killAndRestartOnTheSamePort() throws Exception {
    try (BackendProcess own = BackendProcess.start(3)) {
      int port = own.port();
      assertThat(HTTP.send(get(own, "/"), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(own.requestCount()).isEqualTo(1);

      own.kill();
      assertThat(own.isAlive()).isFalse();
      assertThatThrownBy(() -> HTTP.send(get(own, "/health"), BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);

      own.restart();
      assertThat(own.port()).isEqualTo(port);
      HttpResponse<String> response = HTTP.send(get(own, "/"), BodyHandlers.ofString());
      assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("3");
      assertThat(own.requestCount()).as("a new process counts from zero").isEqualTo(1);
    }
  }

  @Test
  void portInUseOrBadFlagExitsOneWithAMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Exit exit = runBackend("-host=127.0.0.1", "-port=" + taken.getLocalPort());
      assertThat(exit.code()).isEqualTo(1);
      assertThat(exit.output())
          .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("already in use");
    }
    Exit exit = runBackend("-port=9001", "-bogus");
    assertThat(exit.code()).isEqualTo(1);
    assertThat(exit.output()).contains("unknown flag -bogus");
  }

  private static Exit runBackend(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                LaunchClasspath.resolve(),
                "dev.roundhouse.backend.BackendMain"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Exit(process.exitValue(), output);
  }

  private record Exit(int code, String output) {}

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(backend.url() + path)).timeout(Duration.ofSeconds(30));
  }

  private static HttpRequest get(BackendProcess target, String path) {
    return HttpRequest.newBuilder(URI.create(target.url() + path)).build();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static long inFlight() throws Exception {
    String stats = statsOf(backend);
    return Long.parseLong(stats.replaceAll(".*\"inFlight\":(\\d+).*\\s*", "$1"));
  }

  private static String statsOf(BackendProcess target) throws Exception {
    return HTTP.send(get(target, "/admin/stats"), BodyHandlers.ofString()).body();
  }

  private static void assertStatusBody(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).isEqualTo(body);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** The SHA-256 of a {@code size=} body, computed independently of the server's buffers. */
  private static String patternSha256(long size) throws Exception {
    BodyDigest sha = new BodyDigest();
    byte[] block = new byte[26 * 4096];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) ('a' + i % 26);
    }
    assertThat(block[27]).isEqualTo(PatternBody.byteAt(27));
    for (long left = size; left > 0; left -= block.length) {
      sha.update(block, 0, (int) Math.min(block.length, left));
    }
    return sha.sha256();
  }

  private static String sha256(byte[] bytes) throws IOException {
    return BodyDigest.of(new ByteArrayInputStream(bytes)).sha256();
  }
}
