package dev.roundhouse.backend.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A deliberately plain HTTP/1.1 client over one socket, for what {@code java.net.http} hides
 * (whether a connection was reused, pipelining, malformed and ambiguous requests): sends exactly
 * the bytes it is given and reads responses framed by Content-Length, chunked encoding or the end
 * of the connection, keeping the body or streaming it into a sink. It can bind a chosen local
 * address (127.0.0.x) to look like different clients.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new java.io.BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:{@code port}. */
  public static RawHttp connect(int port) throws IOException {
    return connect(port, null);
  }

  /** Connects to 127.0.0.1:{@code port} from {@code localAddress} (null: any). */
  public static RawHttp connect(int port, InetAddress localAddress) throws IOException {
    Socket socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(localAddress, 0));
    }
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(30_000);
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  /** A GET of {@code path} with Host and nothing else. */
  public static String getRequest(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  /** Sends {@code text} (ISO-8859-1) as is. */
  public RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code bytes} as is. */
  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /**
   * Writes {@code head} and then {@code body} from another thread, so that the response can be read
   * while the body is still going out. A streaming echo needs a client that does both at once: one
   * that sends the whole body before reading waits forever once the socket buffers fill, because
   * the server reads no faster than the echo is taken.
   */
  public CompletableFuture<Void> sendInBackground(String head, InputStream body) {
    return CompletableFuture.runAsync(
        () -> {
          try (body) {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            body.transferTo(out);
            out.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Sends a GET and reads its response. */
  public Response get(String path, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: test\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    send(request.append("\r\n").toString());
    return read(false);
  }

  /** Reads the head of an interim (1xx) response and returns its status. */
  public int readInterim() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    if (status >= 200) {
      throw new IOException("expected an interim response, got " + statusLine);
    }
    String line;
    while ((line = line()) != null && !line.isEmpty()) {
      // headers of an interim response are not needed
    }
    return status;
  }

  /** Reads the next final response (interim 1xx responses are collected into it). */
  public Response read(boolean toHead) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Response response = readInto(toHead, body);
    return response.withBody(body.toByteArray(), response.truncated());
  }

  /**
   * Reads the next final response, writing its body into {@code sink} instead of keeping it (the
   * returned body is empty): for bodies too large to hold.
   */
  public Response readInto(OutputStream sink) throws IOException {
    return readInto(false, sink);
  }

  private Response readInto(boolean toHead, OutputStream sink) throws IOException {
    List<Integer> interim = new ArrayList<>();
    while (true) {
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed before a response");
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      String line;
      while (!(line = line()).isEmpty()) {
        int colon = line.indexOf(':');
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      if (status < 200) {
        interim.add(status);
        continue;
      }
      Response response = new Response(status, headers, new byte[0], interim, false);
      if (toHead || status == 204 || status == 304) {
        return response;
      }
      if ("chunked".equalsIgnoreCase(response.header("transfer-encoding"))) {
        return readChunked(response, sink);
      }
      String length = response.header("content-length");
      if (length != null) {
        long expected = Long.parseLong(length);
        return response.withBody(new byte[0], copy(expected, sink) < expected);
      }
      in.transferTo(sink);
      return response;
    }
  }

  /** Copies up to {@code count} bytes of the body into {@code sink}; fewer if the stream ends. */
  private long copy(long count, OutputStream sink) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        break;
      }
      sink.write(buffer, 0, n);
      left -= n;
    }
    return count - left;
  }

  private Response readChunked(Response response, OutputStream body) throws IOException {
    while (true) {
      String sizeLine = line();
      if (sizeLine == null) {
        return response.withBody(new byte[0], true);
      }
      long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        String trailer;
        while ((trailer = line()) != null && !trailer.isEmpty()) {
          int colon = trailer.indexOf(':');
          response
              .headers()
              .computeIfAbsent(
                  trailer.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                  k -> new ArrayList<>())
              .add(trailer.substring(colon + 1).trim());
        }
        return response.withBody(new byte[0], trailer == null);
      }
      if (copy(size, body) < size || line() == null) {
        return response.withBody(new byte[0], true);
      }
    }
  }

  /** Whether the server closed the connection: reads until end of stream or the timeout. */
  public boolean closedByServer(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      socket.setSoTimeout(30_000);
    }
  }

  /** The socket, for tests that need to tune or half-close it. */
  public Socket socket() {
    return socket;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * A response as read.
   *
   * @param status the final status
   * @param headers header values by lower-case name (trailer fields of a chunked body included)
   * @param body the body (empty for HEAD, 204, 304)
   * @param interim the 1xx statuses received before it
   * @param truncated whether the connection ended before the framing said the body was complete
   */
  public record Response(
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      List<Integer> interim,
      boolean truncated) {

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    Response withBody(byte[] body, boolean truncated) {
      return new Response(status, headers, body, interim, truncated);
    }
  }
}
