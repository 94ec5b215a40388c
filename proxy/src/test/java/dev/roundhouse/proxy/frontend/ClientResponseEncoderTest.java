package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client's response encoder frames each response for the request it answers. */
class ClientResponseEncoderTest {

  private final ClientResponseEncoder encoder = new ClientResponseEncoder();
  private final EmbeddedChannel channel = new EmbeddedChannel(encoder);

  @Test
  void theAnswerToAHeadIsAHeadAloneAndTheNextResponseIsFramedAgain() {
    encoder.answering(HttpMethod.HEAD);
    channel.writeOutbound(chunkedResponse(), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(written())
        .isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Id: 1\r\n\r\n");

    encoder.answering(HttpMethod.GET);
    channel.writeOutbound(
        chunkedResponse(),
        new DefaultHttpContent(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)),
        LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(written())
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Id: 1\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  }

  @Test
  void anInterimResponseToAHeadLeavesTheFinalOneToBeAHead() {
    encoder.answering(HttpMethod.HEAD);
    channel.writeOutbound(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
        LastHttpContent.EMPTY_LAST_CONTENT,
        chunkedResponse(),
        LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(written())
        .isEqualTo(
            "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Id: 1\r\n\r\n");
  }

  private static HttpResponse chunkedResponse() {
    HeaderList headers = new HeaderList(2);
    headers.add("Transfer-Encoding", "chunked").add("X-Id", "1");
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers);
  }

  private String written() {
    StringBuilder text = new StringBuilder();
    Object out;
    while ((out = channel.readOutbound()) != null) {
      text.append(((ByteBuf) out).toString(StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(out);
    }
    return text.toString();
  }
}
