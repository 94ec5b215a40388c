package dev.roundhouse.proxy.forward;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.handler.codec.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark measures real work: its inputs are valid requests that come out rewritten. */
class RequestHeadPathTest {

  @ParameterizedTest
  @ValueSource(strings = {"wrk", "browser", "forwarded"})
  void everyHeadDecodesAndComesOutRewrittenForTheBackend(String name) {
    try (RequestHeadPath path = new RequestHeadPath()) {
      assertThat(path.decode(RequestHeads.bytes(name)).headers()).isInstanceOf(HeaderList.class);
      comesOutRewritten(path, name);
    }
    try (RequestHeadPath path = RequestHeadPath.netty()) {
      assertThat(path.decode(RequestHeads.bytes(name)).headers()).isNotInstanceOf(HeaderList.class);
      comesOutRewritten(path, name);
    }
  }

  @Test
  void theProxysPathRunsTheRequestChecks() {
    byte[] twoHosts = "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".getBytes(US_ASCII);
    try (RequestHeadPath path = new RequestHeadPath()) {
      assertThatThrownBy(() -> path.decode(twoHosts)).hasMessageContaining("RejectedRequest");
    }
  }

  private static void comesOutRewritten(RequestHeadPath path, String name) {
    for (int i = 0; i < 3; i++) { // the same connection, request after request
      HttpRequest request = path.decode(RequestHeads.bytes(name));
      assertThat(request.decoderResult().isSuccess()).isTrue();
      String sent = path.encodeToString(path.rewrite(request));
      assertThat(sent).startsWith(request.method() + " /").contains("\r\nx-forwarded-proto: http");
      assertThat(sent).containsPattern("\r\nx-forwarded-for: [^\r]*127\\.0\\.0\\.1\r\n");
      assertThat(sent).containsPattern("\r\nx-request-id: [0-9a-f-]{36}\r\n").endsWith("\r\n\r\n");
    }
  }

  @Test
  void theForwardedHeadTakesTheHopByHopPath() {
    try (RequestHeadPath path = new RequestHeadPath()) {
      String sent = path.encodeToString(path.rewrite(path.decode(RequestHeads.bytes("forwarded"))));
      assertThat(sent.toLowerCase(java.util.Locale.ROOT))
          .doesNotContain("connection:")
          .doesNotContain("keep-alive:")
          .doesNotContain("x-trace:")
          .contains("x-forwarded-for: 203.0.113.7, 127.0.0.1")
          .contains("x-request-id: 0b6f7a2e-8d4c-4e0a-9a63-3f2d1c5b7e90");
    }
  }

  @Test
  void anUnknownHeadIsRefusedByName() {
    assertThatThrownBy(() -> RequestHeads.bytes("nope")).hasMessageContaining("nope");
  }
}
