package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  @Test
  void aLineThatStartsWithACarriageReturnIsStillALine() {
    assertThat(scan("HTTP/1.1 200 OK\r\n\rBroken\r\n\r\n")).contains("without a colon");
    check.expectResponse();
    assertThat(scan("HTTP/1.1 200 OK\r\n\rX-A: b\r\nContent-Length: 0\r\n\r\n")).isNull();
  }

  /**
   * The check goes a line at a time within a read and a byte at a time where a read ends inside a
   * line: wherever a response is cut into reads, it finds the same.
   */
  @Test
  void whereReadsEndDoesNotMatter() {
    List<String> responses =
        List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nX-A: b\r\nFoo bar\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX: y\r\nBroken\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: ws\r\n\r\nraw\r\nbytes\r\n",
            "HTTP/1.1 204 No Content\r\n\r\nno colon\r\n",
            "HTTP/1.1 200 OK\r\n\r:\r\nX\r\r\n\r\n",
            // status lines of odd shapes: the interim 100 is seen (or not) the same way
            "\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nBroken\r\n\r\n",
            "HTTP/1.1 1x00 Continue\r\n\r\nHTTP/1.1 200 OK\r\nBroken\r\n\r\n",
            " HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nBroken\r\n\r\n",
            "HTTP/1.1 10\r\n\r\nBroken\r\n\r\n");
    for (String response : responses) {
      String whole = outcome(List.of(response));
      for (int cut = 1; cut < response.length(); cut++) {
        for (int second = cut + 1; second <= response.length(); second++) {
          List<String> reads =
              List.of(
                  response.substring(0, cut),
                  response.substring(cut, second),
                  response.substring(second));
          assertThat(outcome(reads)).as("%s read as %s", response, reads).isEqualTo(whole);
        }
      }
    }
    assertThat(outcome(List.of(responses.get(1)))).contains("without a colon");
    assertThat(outcome(List.of(responses.get(3)))).contains("without a colon");
    assertThat(outcome(List.of(responses.get(6)))).contains("without a colon");
    assertThat(outcome(List.of(responses.get(7)))).as("an empty line first").contains("colon");
    assertThat(outcome(List.of(responses.get(8)))).as("digits among others").contains("colon");
    assertThat(outcome(List.of(responses.get(9)))).as("the code after a second space").isNull();
    assertThat(outcome(List.of(responses.get(10)))).as("two digits: not interim").isNull();
  }

  /** The first problem a fresh check finds in {@code reads}, one after another; null if none. */
  private static @Nullable String outcome(List<String> reads) {
    ResponseHeadCheck fresh = new ResponseHeadCheck();
    fresh.expectResponse();
    for (String read : reads) {
      ByteBuf bytes = Unpooled.copiedBuffer(read, StandardCharsets.ISO_8859_1);
      try {
        String problem = fresh.scan(bytes);
        if (problem != null) {
          return problem;
        }
      } finally {
        bytes.release();
      }
    }
    return null;
  }
}
