package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseHeadCheckTest {

  private final ResponseHeadCheck check = new ResponseHeadCheck();

  @BeforeEach
  void aRequestWentOut() {
    check.expectResponse();
  }

  /** What the check finds in {@code read}, a read of the connection; null if nothing. */
  private @Nullable String scan(String read) {
    ByteBuf bytes = Unpooled.copiedBuffer(read, StandardCharsets.ISO_8859_1);
    try {
      String problem = check.scan(bytes);
      assertThat(bytes.readerIndex()).as("the read is left for the decoder").isZero();
      return problem;
    } finally {
      bytes.release();
    }
  }

  @Test
  void aWellFormedResponseIsFine() {
    assertThat(scan("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello")).isNull();
  }

  @Test
  void aHeaderLineWithoutAColonIsFound() {
    assertThat(scan("HTTP/1.1 200 OK\r\nFoo bar\r\nContent-Length: 0\r\n\r\n"))
        .isEqualTo("a header line without a colon");
  }

  @Test
  void aBadLineSplitOverTwoReadsIsFound() {
    assertThat(scan("HTTP/1.1 200 OK\r\nContent-Le")).isNull();
    assertThat(scan("ngth: 0\r\nBro")).isNull();
    assertThat(scan("ken\r\n\r\n")).contains("without a colon");
  }

  @Test
  void theBodyIsNotLookedAt() {
    assertThat(scan("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nno colon\r\n\r\n")).isNull();
  }

  @Test
  void aFoldedLineIsLeftToTheCodec() {
    assertThat(scan("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n")).isNull();
  }

  @Test
  void theFinalHeadAfterAnInterimOneIsCheckedToo() {
    assertThat(scan("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nBroken\r\n\r\n"))
        .contains("without a colon");
  }

  @Test
  void after101TheBytesAreNotHttp() {
    assertThat(scan("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\nraw bytes\r\n"))
        .isNull();
  }

  @Test
  void theNextResponseIsCheckedOnceTheNextRequestWentOut() {
    assertThat(scan("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")).isNull();
    assertThat(scan("Not a head\r\n")).as("no request went out: not a head").isNull();
    check.expectResponse();
    assertThat(scan("HTTP/1.1 200 OK\r\nNope\r\n\r\n")).contains("without a colon");
  }
}
