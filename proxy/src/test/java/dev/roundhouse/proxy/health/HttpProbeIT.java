package dev.roundhouse.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.forward.LazyTlsContext;
import dev.roundhouse.proxy.pool.OffLoopResolver;
import dev.roundhouse.proxy.testing.TestCertificate;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One check against real servers on 127.0.0.1: statuses, refusals, timeouts, TLS. */
class HttpProbeIT {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final MultiThreadIoEventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  private TestBackend backend;

  @AfterEach
  void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  @AfterAll
  static void stopGroup() {
    GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static HttpProbe probe(Supplier<SslContext> ssl) {
    return new HttpProbe(
        GROUP,
        new Bootstrap()
            .channel(NioSocketChannel.class)
            .resolver(new OffLoopResolver(GlobalEventExecutor.INSTANCE)),
        ssl,
        Clock.systemUTC());
  }

  private static ProbeResult check(HttpProbe probe, String url, String path) {
    return probe.check(Backend.of(url), path, TIMEOUT).toCompletableFuture().join();
  }

  @ParameterizedTest
  @CsvSource({
    "200, true",
    "204, true",
    "301, true",
    "399, true",
    "404, false",
    "500, false",
    "503, false"
  })
  void aStatusOutside2xxAnd3xxFails(int status, boolean ok) {
    backend = TestBackend.http();
    backend.healthStatus(status);

    ProbeResult result = check(probe(HttpProbe.jdkTrustStore()), backend.url(), "/health");

    assertThat(result.ok()).isEqualTo(ok);
    assertThat(result.detail()).isEqualTo("HTTP " + status);
    assertThat(backend.healthChecks()).isEqualTo(1);
    assertThat(backend.lastHost()).isEqualTo("127.0.0.1:" + backend.port());
  }

  @Test
  void theConfiguredPathIsTheOneRequested() {
    backend = TestBackend.http();
    backend.healthStatus(500);

    ProbeResult result = check(probe(HttpProbe.jdkTrustStore()), backend.url(), "/");

    assertThat(result.ok()).isTrue();
    assertThat(backend.healthChecks()).isZero();
  }

  @Test
  void aHostNameIsLookedUpWithTheGivenResolver() {
    backend = TestBackend.http();
    List<String> lookedUp = new CopyOnWriteArrayList<>();
    AddressResolverGroup<InetSocketAddress> resolver =
        new AddressResolverGroup<>() {
          @Override
          protected AddressResolver<InetSocketAddress> newResolver(EventExecutor loop) {
            return new InetSocketAddressResolver(
                loop,
                new InetNameResolver(loop) {
                  @Override
                  protected void doResolve(String host, Promise<InetAddress> promise) {
                    lookedUp.add(host);
                    promise.setSuccess(InetAddress.getLoopbackAddress());
                  }

                  @Override
                  protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                    lookedUp.add(host);
                    promise.setSuccess(List.of(InetAddress.getLoopbackAddress()));
                  }
                });
          }
        };
    HttpProbe probe =
        new HttpProbe(
            GROUP,
            new Bootstrap().channel(NioSocketChannel.class).resolver(resolver),
            HttpProbe.jdkTrustStore(),
            Clock.systemUTC());

    ProbeResult result =
        check(probe, "http://backend-1.roundhouse.invalid:" + backend.port(), "/health");

    assertThat(result.ok()).as(result.detail()).isTrue();
    assertThat(lookedUp).containsExactly("backend-1.roundhouse.invalid");
    resolver.close();
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    ProbeResult result =
        check(probe(HttpProbe.jdkTrustStore()), "http://127.0.0.1:" + port, "/health");

    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).isEqualTo("connection refused");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProbeResult result =
          check(
              probe(HttpProbe.jdkTrustStore()),
              "http://127.0.0.1:" + silent.getLocalPort(),
              "/health");

      assertThat(result.ok()).isFalse();
      assertThat(result.detail()).isEqualTo("timed out after 500ms");
      assertThat(result.took()).isGreaterThanOrEqualTo(TIMEOUT);
    }
  }

  @Test
  void garbageInsteadOfHttpFails() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                try (Socket s = server.accept();
                    OutputStream out = s.getOutputStream()) {
                  out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  s.getInputStream().read();
                } catch (Exception ignored) {
                  // the probe closes first
                }
              });
      answer.start();

      ProbeResult result =
          check(
              probe(HttpProbe.jdkTrustStore()),
              "http://127.0.0.1:" + server.getLocalPort(),
              "/health");
      answer.join(5000);

      assertThat(result.ok()).isFalse();
      assertThat(result.detail()).startsWith("invalid HTTP response");
    }
  }

  @Test
  void httpsBackendWithATrustedCertificatePasses(@TempDir Path dir) throws Exception {
    TestCertificate tls = TestCertificate.create(dir);
    backend = TestBackend.https(tls.serverContext());

    ProbeResult result =
        check(probe(LazyTlsContext.of(tls.trustingClient())), backend.url(), "/health");

    assertThat(result.ok()).as(result.detail()).isTrue();
    assertThat(result.detail()).isEqualTo("HTTP 200");
  }

  @Test
  void httpsBackendNotTrustedByTheJdkTrustStoreFails(@TempDir Path dir) throws Exception {
    TestCertificate tls = TestCertificate.create(dir);
    backend = TestBackend.https(tls.serverContext());

    ProbeResult result = check(probe(HttpProbe.jdkTrustStore()), backend.url(), "/health");

    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).startsWith("TLS failed");
    assertThat(backend.healthChecks()).isZero();
  }
}
