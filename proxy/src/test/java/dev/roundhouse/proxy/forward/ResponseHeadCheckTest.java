package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseHeadCheckTest {

  private final ResponseHeadCheck check = new ResponseHeadCheck();
  private EmbeddedChannel channel;

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel(check);
    check.expectResponse();
  }

  private void receive(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
  }

  private String passedOn() {
    StringBuilder all = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readInbound()) != null) {
      all.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return all.toString();
  }

  @Test
  void aWellFormedResponsePassesUntouched() {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello";
    receive(response);
    assertThat(passedOn()).isEqualTo(response);
  }

  @Test
  void aHeaderLineWithoutAColonIsRefusedAndNothingOfItPasses() {
    assertThatThrownBy(() -> receive("HTTP/1.1 200 OK\r\nFoo bar\r\nContent-Length: 0\r\n\r\n"))
        .isInstanceOf(ResponseHeadCheck.InvalidResponseException.class)
        .hasMessageContaining("without a colon");
    assertThat(passedOn()).isEmpty();
    receive("more");
    assertThat(passedOn()).as("nothing after a refused head").isEmpty();
  }

  @Test
  void aBadLineSplitOverTwoReadsIsFound() {
    receive("HTTP/1.1 200 OK\r\nContent-Le");
    assertThat(passedOn()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Le");
    receive("ngth: 0\r\nBro");
    assertThatThrownBy(() -> receive("ken\r\n\r\n"))
        .isInstanceOf(ResponseHeadCheck.InvalidResponseException.class);
  }

  @Test
  void theBodyIsNotLookedAt() {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nno colon\r\n\r\n";
    receive(response);
    assertThat(passedOn()).isEqualTo(response);
  }

  @Test
  void aFoldedLineIsLeftToTheCodec() {
    String response = "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n";
    receive(response);
    assertThat(passedOn()).isEqualTo(response);
  }

  @Test
  void theFinalHeadAfterAnInterimOneIsCheckedToo() {
    assertThatThrownBy(
            () -> receive("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nBroken\r\n\r\n"))
        .isInstanceOf(ResponseHeadCheck.InvalidResponseException.class);
  }

  @Test
  void after101TheBytesAreNotHttp() {
    String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\nraw bytes\r\n";
    receive(response);
    assertThat(passedOn()).isEqualTo(response);
  }

  @Test
  void theNextResponseIsCheckedOnceTheNextRequestWentOut() {
    receive("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    passedOn();
    check.expectResponse();
    assertThatThrownBy(() -> receive("HTTP/1.1 200 OK\r\nNope\r\n\r\n"))
        .isInstanceOf(ResponseHeadCheck.InvalidResponseException.class);
  }
}
