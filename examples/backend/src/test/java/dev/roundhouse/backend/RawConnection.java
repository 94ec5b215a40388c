package dev.roundhouse.backend;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One plain TCP connection speaking HTTP/1.1 by hand, for what {@code java.net.http} hides: whether
 * a connection was reused, pipelining, malformed requests.
 */
final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** Sends raw text. */
  RawConnection send(String raw) throws IOException {
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads one response framed by Content-Length (all this backend's small answers are). */
  Response read() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed after " + body.length + " of " + length + " bytes");
    }
    return new Response(
        Integer.parseInt(statusLine.split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code head} and then {@code body} from another thread, so that the response can be read
   * while the body is still going out. A streaming echo needs a client that does both at once: one
   * that sends the whole body before reading (as {@code java.net.http} does) waits forever once the
   * socket buffers fill, because the server reads no faster than the echo is taken.
   */
  CompletableFuture<Void> sendInBackground(String head, InputStream body) {
    return CompletableFuture.runAsync(
        () -> {
          try (body) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            body.transferTo(out);
            out.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Reads one response and digests its body, framed by Content-Length or chunked. */
  DigestedResponse readDigested() throws IOException {
    int status = Integer.parseInt(line().split(" ")[1]);
    Map<String, String> headers = headers();
    BodyDigest digest = new BodyDigest();
    byte[] buffer = new byte[64 * 1024];
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, buffer, digest);
        line();
      }
      while (!line().isEmpty()) {
        // trailers: none expected, skipped
      }
    } else {
      copy(Long.parseLong(headers.getOrDefault("content-length", "0")), buffer, digest);
    }
    return new DigestedResponse(status, headers, digest);
  }

  private long chunkSize() throws IOException {
    String line = line();
    int semicolon = line.indexOf(';');
    return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
  }

  private void copy(long count, byte[] buffer, BodyDigest digest) throws IOException {
    for (long left = count; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n == -1) {
        throw new IOException("connection closed with " + left + " body bytes missing");
      }
      digest.update(buffer, 0, n);
      left -= n;
    }
  }

  private Map<String, String> headers() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return headers;
  }

  /** True when the server has closed the connection (the next read sees end of stream). */
  boolean closedByServer() throws IOException {
    return in.read() == -1;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b == -1) {
        throw new IOException("connection closed by the server");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A response whose body was digested rather than kept. */
  record DigestedResponse(int status, Map<String, String> headers, BodyDigest body) {}

  /** A response as read off the wire. */
  record Response(int status, Map<String, String> headers, String body) {}
}
