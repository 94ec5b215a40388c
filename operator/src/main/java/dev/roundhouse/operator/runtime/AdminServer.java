package dev.roundhouse.operator.runtime;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's own HTTP endpoints on {@code --port}: {@code /healthz} (liveness: the process
 * serves), {@code /readyz} (readiness: started, every informer synced and watching, and not
 * shutting down) and {@code /metrics} (Prometheus text: reconciliation metrics and the JVM's).
 *
 * <p>Liveness does not look at the informers: while the API server is away (an upgrade of the
 * control plane) no informer watches, and a liveness probe failing then would restart every replica
 * into CrashLoopBackOff, which helps nothing; the informers reconnect by themselves. A watch that
 * stopped for good makes the operator exit ({@code RoundhouseOperator}).
 */
public final class AdminServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final Supplier<RuntimeInfo> runtime;
  private volatile boolean stopping;

  /**
   * Binds the endpoints on {@code port} (0 for any free port) of every interface.
   *
   * @param runtime the framework's runtime information, read on each probe
   */
  public AdminServer(int port, PrometheusMeterRegistry registry, Supplier<RuntimeInfo> runtime)
      throws IOException {
    this.registry = requireNonNull(registry, "registry");
    this.runtime = requireNonNull(runtime, "runtime");
    this.server = HttpServer.create(new InetSocketAddress(port), 16);
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "admin-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", this::healthz);
    server.createContext("/readyz", this::readyz);
    server.createContext("/metrics", this::metrics);
  }

  /** Starts serving. */
  public void start() {
    server.start();
  }

  /** The port the endpoints are served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Makes {@code /readyz} fail from now on: the operator is shutting down. */
  public void markStopping() {
    stopping = true;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void healthz(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "ok\n");
  }

  /** {@code controller/source} of every event source (informer) that is not healthy. */
  private static List<String> unhealthy(RuntimeInfo info) {
    List<String> out = new ArrayList<>();
    info.unhealthyEventSources()
        .forEach(
            (controller, sources) -> sources.keySet().forEach(s -> out.add(controller + "/" + s)));
    return out;
  }

  private void readyz(HttpExchange exchange) throws IOException {
    RuntimeInfo info = runtime.get();
    if (stopping) {
      respond(exchange, 503, "shutting down\n");
    } else if (!info.isStarted()) {
      respond(exchange, 503, "starting\n");
    } else if (!info.allEventSourcesAreHealthy()) {
      respond(exchange, 503, "not watching: " + unhealthy(info) + "\n");
    } else {
      respond(exchange, 200, "ready\n");
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    respond(exchange, 200, registry.scrape());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      }
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
