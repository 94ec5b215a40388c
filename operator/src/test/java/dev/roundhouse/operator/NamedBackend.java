package dev.roundhouse.operator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A backend answering every request, health checks included, with 200 and its name. */
final class NamedBackend {

  private NamedBackend() {}

  /** Starts one on {@code host}:{@code port} (0: any free port). */
  static HttpServer start(String host, int port, String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }
}
