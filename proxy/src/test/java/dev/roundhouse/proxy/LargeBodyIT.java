package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.backend.http.PatternBody;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bodies far larger than the proxy's heap pass through it byte for byte: the proxy process runs
 * with {@code -Xmx64m} (and as much direct memory) while 256 MiB go up, come down, and go up and
 * down at once, to and from an example backend process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBodyIT {

  private static final long SIZE = 256L * 1024 * 1024;

  private BackendProcess backend;
  private ProxyProcess proxy;

  @BeforeAll
  void start() {
    backend = BackendProcess.start(1);
    proxy =
        ProxyProcess.builder()
            .config(ProxyProcess.configFor(List.of(backend.url())))
            .jvmArgs("-Xmx64m", "-XX:MaxDirectMemorySize=64m")
            .start();
  }

  @AfterAll
  void stop() {
    String output = proxy.output();
    proxy.close();
    backend.close();
    assertThat(output).doesNotContain("LEAK:").doesNotContain("OutOfMemoryError");
  }

  @Test
  void a256MiBDownloadArrivesIntact() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "GET /?size=" + SIZE + " HTTP/1.1\r\nHost: t\r\n\r\n");
      InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + SIZE);
      assertThat(sha256(in, SIZE)).isEqualTo(patternSha256(SIZE));
    }
    assertThat(proxy.isAlive()).isTrue();
  }

  @Test
  void a256MiBUploadArrivesIntact() throws Exception {
    try (Socket socket = connect()) {
      // The backend reads the whole body and answers with its length and SHA-256.
      String sent = upload(socket.getOutputStream(), "/?digest=sha256");
      InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200");
      String answer = new String(in.readNBytes(contentLength(head)), StandardCharsets.ISO_8859_1);
      assertThat(answer).contains("\"bytes\":" + SIZE).contains("\"sha256\":\"" + sent + "\"");
    }
    assertThat(proxy.isAlive()).isTrue();
  }

  @Test
  void a256MiBEchoGoesBothWaysAtOnce() throws Exception {
    try (Socket socket = connect()) {
      // The backend echoes while it reads, so sending and receiving run at the same time.
      CompletableFuture<String> sent =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return upload(socket.getOutputStream(), "/echo");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + SIZE);
      String echoed = sha256(in, SIZE);
      assertThat(echoed).isEqualTo(sent.get()).isEqualTo(patternSha256(SIZE));
    }
    assertThat(proxy.isAlive()).isTrue();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    socket.setSoTimeout(120_000);
    return socket;
  }

  private static String upload(OutputStream out, String target) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    out.write(
        ("POST " + target + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + SIZE + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    byte[] chunk = new byte[65536];
    for (long offset = 0; offset < SIZE; offset += chunk.length) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = PatternBody.byteAt(offset + i);
      }
      digest.update(chunk);
      out.write(chunk);
    }
    out.flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed in the response head: " + head);
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1).toLowerCase().replace("http/1.1", "HTTP/1.1");
  }

  private static int contentLength(String head) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(head);
    if (!m.find()) {
      throw new IllegalStateException("no content-length in " + head);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String sha256(InputStream in, long size) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[65536];
    long remaining = size;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException(
            "the body ended after " + (size - remaining) + " of " + size + " bytes");
      }
      digest.update(buffer, 0, n);
      remaining -= n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String patternSha256(long size) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[65536];
    for (long offset = 0; offset < size; offset += chunk.length) {
      int n = (int) Math.min(chunk.length, size - offset);
      for (int i = 0; i < n; i++) {
        chunk[i] = PatternBody.byteAt(offset + i);
      }
      digest.update(chunk, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
