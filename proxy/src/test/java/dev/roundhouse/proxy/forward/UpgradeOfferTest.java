package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradeOfferTest {

  private static HttpRequest request(HttpVersion version, String connection, String upgrade) {
    HttpRequest request = new DefaultHttpRequest(version, HttpMethod.GET, "/ws");
    request.headers().set("Connection", connection).set("Upgrade", upgrade);
    return request;
  }

  @ParameterizedTest(name = "Connection: {0}, Upgrade: {1}, allowed {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "Upgrade            | websocket            | websocket          | websocket",
        "keep-alive, Upgrade| WebSocket            | websocket          | WebSocket",
        "upgrade            | h2c, websocket       | websocket          | websocket",
        "Upgrade            | example/2, websocket | example            | example/2",
        "Upgrade            | example/1            | example/2          | none",
        "Upgrade            | example/2            | example/2,websocket| example/2",
        "keep-alive         | websocket            | websocket          | none",
        "Upgrade            | h2c                  | websocket          | none",
        "Upgrade            | websocket            | ''                 | none",
      })
  void passesWhatTheConfigAllows(
      String connection, String upgrade, String allowed, String expected) {
    List<String> allowedList =
        allowed.isEmpty() ? List.of() : List.of(allowed.replace(" ", "").split(","));
    assertThat(
            UpgradeOffer.of(request(HttpVersion.HTTP_1_1, connection, upgrade), allowedList, true))
        .isEqualTo(expected);
  }

  @Test
  void http10AndRequestsWithABodyDoNotUpgrade() {
    List<String> websocket = List.of("websocket");
    assertThat(
            UpgradeOffer.of(request(HttpVersion.HTTP_1_0, "Upgrade", "websocket"), websocket, true))
        .isNull();
    assertThat(
            UpgradeOffer.of(
                request(HttpVersion.HTTP_1_1, "Upgrade", "websocket"), websocket, false))
        .isNull();
  }

  @Test
  void aSwitchMustNameAnOfferedProtocol() {
    HttpResponse switching =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    assertThat(UpgradeOffer.acceptedBy(switching, "websocket")).as("no Upgrade").isFalse();
    switching.headers().set("Upgrade", "example");
    assertThat(UpgradeOffer.acceptedBy(switching, "websocket")).isFalse();
    switching.headers().set("Upgrade", "WebSocket");
    assertThat(UpgradeOffer.acceptedBy(switching, "example/2, websocket")).isTrue();
  }

  @Test
  void theSwitchKeepsItsUpgradeHeadersAndLosesTheOtherHopByHopOnes() {
    HttpResponse switching =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    switching
        .headers()
        .set("Upgrade", "websocket")
        .set("Connection", "Upgrade, X-Secret")
        .set("X-Secret", "1")
        .set("Keep-Alive", "timeout=5")
        .set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    UpgradeOffer.rewriteSwitch(switching, "id-1");
    assertThat(switching.headers().get("Upgrade")).isEqualTo("websocket");
    assertThat(switching.headers().get("Connection")).isEqualTo("upgrade");
    assertThat(switching.headers().get("Sec-WebSocket-Accept"))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(switching.headers().get("X-Request-Id")).isEqualTo("id-1");
    assertThat(switching.headers().contains("X-Secret")).isFalse();
    assertThat(switching.headers().contains("Keep-Alive")).isFalse();
  }
}
