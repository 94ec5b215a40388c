package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roundhouse.backend.testing.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The containers' health check (deployments/docker/healthcheck.sh, bash and /dev/tcp only, since
 * the JRE image has no curl) run for real against real sockets: 2xx is healthy; an error status, a
 * closed port and a server that never answers are not, the last within the timeout.
 */
class HealthCheckScriptTest {

  private static final String SCRIPT = Repo.path("deployments/docker/healthcheck.sh").toString();

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void a2xxAnswerIsHealthy() throws Exception {
    int port = serve("/healthz", 200);

    assertThat(run(String.valueOf(port), "/healthz").exitCode()).isZero();
  }

  @Test
  void anErrorStatusIsUnhealthyAndSaysWhichStatus() throws Exception {
    int port = serve("/healthz", 503);

    Result result = run(String.valueOf(port), "/healthz");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("GET /healthz answered: HTTP/1.1 503");
  }

  @Test
  void aClosedPortIsUnhealthy() throws Exception {
    int port = FreePorts.next();

    Result result = run(String.valueOf(port), "/healthz");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("nothing listens on 127.0.0.1:" + port);
  }

  @Test
  void aServerThatNeverAnswersIsUnhealthyWithinTheTimeout() throws Exception {
    CountDownLatch testOver = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket ignored = silent.accept()) {
                  testOver.await(); // holds the connection open and never answers
                } catch (IOException | InterruptedException e) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      Result result = run(String.valueOf(silent.getLocalPort()), "/healthz", "1");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output()).contains("no answer").contains("within 1s");
    } finally {
      testOver.countDown();
    }
  }

  @Test
  void theDefaultsAreTheProxysAdminPortAndHealthPath() {
    String script = Repo.read("deployments/docker/healthcheck.sh");

    assertThat(script).contains("port=\"${1:-9090}\"").contains("path=\"${2:-/healthz}\"");
  }

  private int serve(String path, int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        path,
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server.getAddress().getPort();
  }

  record Result(int exitCode, String output) {}

  private static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the check hung").isTrue();
    return new Result(process.exitValue(), output);
  }
}
