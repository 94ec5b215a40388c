package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Timeouts;
import dev.roundhouse.proxy.observe.TrafficObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The redirect to https: where it points, and that the connection stays usable. */
class HttpsRedirectTest {

  private final ClientConnections registry = new ClientConnections();

  /** The handlers of a redirecting frontend's connection, as FrontendInitializer sets them up. */
  private EmbeddedChannel redirectingTo(int port) {
    ClientTimer timer = new ClientTimer(Timeouts.DEFAULTS);
    return new EmbeddedChannel(
        new ClientRequestDecoder(RequestLimits.DEFAULTS, timer),
        new ClientResponseEncoder(),
        new HttpsRedirect(port, "web", timer, new TrafficObserver() {}, registry));
  }

  private static String answer(EmbeddedChannel channel, String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder();
    ByteBuf written;
    while ((written = channel.readOutbound()) != null) {
      out.append(written.toString(StandardCharsets.US_ASCII));
      written.release();
    }
    return out.toString();
  }

  @Test
  void keepsHostPathAndQueryAndReplacesThePort() {
    EmbeddedChannel channel = redirectingTo(8443);

    String response = answer(channel, "GET /a/b?c=d HTTP/1.1\r\nHost: example.test:8080\r\n\r\n");

    assertThat(response)
        .startsWith("HTTP/1.1 308 Permanent Redirect\r\n")
        .contains("location: https://example.test:8443/a/b?c=d\r\n")
        .contains("content-length: 0\r\n");
    assertThat(channel.isOpen()).isTrue();
    channel.finishAndReleaseAll();
  }

  @Test
  void leavesOutPort443AndKeepsIpv6Brackets() {
    EmbeddedChannel channel = redirectingTo(443);

    String plain = answer(channel, "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n");
    String ipv6 =
        answer(channel, "POST /x HTTP/1.1\r\nHost: [::1]:8080\r\nContent-Length: 3\r\n\r\nabc");
    String absolute =
        answer(channel, "GET http://other.test:80/p?q HTTP/1.1\r\nHost: ignored.test\r\n\r\n");

    assertThat(plain).contains("location: https://example.test/\r\n");
    assertThat(ipv6).contains("location: https://[::1]/x\r\n");
    assertThat(absolute).contains("location: https://other.test/p?q\r\n");
    channel.finishAndReleaseAll();
  }

  @Test
  void anHttp10RequestGetsItsRedirectAndTheConnectionCloses() {
    EmbeddedChannel channel = redirectingTo(8443);

    String response = answer(channel, "GET /old HTTP/1.0\r\nHost: example.test\r\n\r\n");

    assertThat(response).contains("location: https://example.test:8443/old\r\n");
    assertThat(response).contains("connection: close\r\n");
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void aRefusedHeadRequestGetsItsErrorWithoutABodyAndTheConnectionCloses() {
    EmbeddedChannel channel = redirectingTo(8443);

    String response = answer(channel, "HEAD /x HTTP/1.1\r\n\r\n"); // HTTP/1.1 needs a Host

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").endsWith("\r\n\r\n");
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void aShutdownClosesAnIdleRedirectingConnection() {
    EmbeddedChannel channel = redirectingTo(8443);
    answer(channel, "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n");
    assertThat(registry.count("web")).isOne();

    assertThat(registry.finishAndCloseAll()).isOne();
    channel.runPendingTasks();

    assertThat(channel.isOpen()).isFalse();
    assertThat(registry.size()).isZero();
    channel.finishAndReleaseAll();
  }

  @Test
  void aConnectionReadingABodyClosesWhenTheBodyHasArrived() {
    EmbeddedChannel channel = redirectingTo(8443);
    String redirect =
        answer(channel, "POST /up HTTP/1.1\r\nHost: example.test\r\nContent-Length: 3\r\n\r\na");

    registry.finishAndCloseAll();
    channel.runPendingTasks();
    assertThat(channel.isOpen()).as("the body is still coming").isTrue();
    String after = answer(channel, "bc");

    assertThat(redirect).contains("location: https://example.test:8443/up\r\n");
    assertThat(after).isEmpty();
    assertThat(channel.isOpen()).isFalse();
    assertThat(registry.size()).isZero();
    channel.finishAndReleaseAll();
  }
}
