package dev.roundhouse.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS connection to 127.0.0.1 that asks for a server name (SNI) or none, trusts whatever the
 * server presents (the tests look at which certificate that is), and sends HTTP/1.1 requests on one
 * kept-alive connection.
 */
public final class TlsClient implements AutoCloseable {

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  private TlsClient(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the handshake, asking for {@code serverName} (null: no SNI). */
  public static TlsClient connect(int port, String serverName) throws IOException {
    SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(
        serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return new TlsClient(socket);
  }

  /** The certificate the server presented for {@code serverName} on a new connection. */
  public static X509Certificate presented(int port, String serverName) throws IOException {
    try (TlsClient client = connect(port, serverName)) {
      return client.peer();
    }
  }

  /** The server's certificate of this connection. */
  public X509Certificate peer() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** The protocol ALPN agreed on. */
  public String applicationProtocol() {
    return socket.getApplicationProtocol();
  }

  /** Sends {@code GET path} and reads the response: its status, and the {@code X-Backend-Id}. */
  public Answer get(String path) throws IOException {
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line();
    int length = 0;
    String backend = null;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String name = header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
      String value = header.substring(header.indexOf(':') + 1).strip();
      if (name.equals("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equals("x-backend-id")) {
        backend = value;
      }
    }
    in.readNBytes(length);
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), backend);
  }

  /** A response: its status and the backend that sent it (null if none did). */
  public record Answer(int status, String backend) {}

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the connection closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
