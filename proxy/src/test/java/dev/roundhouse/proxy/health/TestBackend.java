package dev.roundhouse.proxy.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on 127.0.0.1 for phase-1 tests: {@code /health} answers with a status the
 * test sets, {@code /} always answers 200, and it can be stopped and started again on its port.
 */
final class TestBackend implements AutoCloseable {

  private final SSLContext tls;
  private final AtomicInteger healthStatus = new AtomicInteger(200);
  private final AtomicInteger healthChecks = new AtomicInteger();
  private final AtomicReference<String> lastHost = new AtomicReference<>();
  private HttpServer server;
  private int port;

  private TestBackend(SSLContext tls) {
    this.tls = tls;
  }

  /** A plain http backend on an ephemeral port. */
  static TestBackend http() {
    TestBackend backend = new TestBackend(null);
    backend.start();
    return backend;
  }

  /** An https backend on an ephemeral port serving the given server context. */
  static TestBackend https(SSLContext tls) {
    TestBackend backend = new TestBackend(tls);
    backend.start();
    return backend;
  }

  synchronized void start() {
    try {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
      if (tls == null) {
        server = HttpServer.create(address, 50);
      } else {
        HttpsServer https = HttpsServer.create(address, 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/health", this::health);
    server.createContext("/", ex -> respond(ex, 200, "hello"));
    server.start();
    port = server.getAddress().getPort();
  }

  synchronized void stop() {
    server.stop(0);
  }

  int port() {
    return port;
  }

  String url() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
  }

  void healthStatus(int status) {
    healthStatus.set(status);
  }

  int healthChecks() {
    return healthChecks.get();
  }

  String lastHost() {
    return lastHost.get();
  }

  private void health(HttpExchange ex) throws IOException {
    healthChecks.incrementAndGet();
    lastHost.set(ex.getRequestHeaders().getFirst("Host"));
    int status = healthStatus.get();
    respond(ex, status, status < 400 ? "ok" : "unhealthy");
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    stop();
  }
}
