package dev.roundhouse.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that misbehaves on purpose: each accepted connection runs a script on a plain socket,
 * so a test can answer with garbage, stop half-way, or close without answering.
 */
public final class ScriptedBackend implements AutoCloseable {

  /** What to do with one accepted connection. */
  @FunctionalInterface
  public interface Script {
    /**
     * Handles a connection.
     *
     * @param index 0 for the first connection accepted, 1 for the next...
     */
    void run(Socket socket, int index) throws Exception;
  }

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private ScriptedBackend(Script script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket socket = server.accept();
              sockets.add(socket);
              int index = accepted.getAndIncrement();
              threads.execute(
                  () -> {
                    try (socket) {
                      script.run(socket, index);
                    } catch (Exception e) {
                      // the proxy closing on us is part of most scripts
                    }
                  });
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  /** Starts a backend on a free port running {@code script} for each connection. */
  public static ScriptedBackend start(Script script) {
    try {
      return new ScriptedBackend(script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Connections accepted so far. */
  public int connections() {
    return accepted.get();
  }

  /** Reads a request head (up to the blank line) and returns it; null at end of stream. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched =
          (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** Writes {@code text} (ISO-8859-1) and flushes. */
  public static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** A complete keep-alive response with {@code body}. */
  public static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
