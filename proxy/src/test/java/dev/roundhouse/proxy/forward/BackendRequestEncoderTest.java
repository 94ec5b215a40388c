package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The backend's request encoder writes a header list byte for byte as Netty's encoder does. */
class BackendRequestEncoderTest {

  @Test
  void aHeaderListIsWrittenAsNettyWritesTheSameFields() {
    String cookie = "a=" + "x".repeat(3000); // more than the encoder's first guess of a head's size
    HeaderList list = new HeaderList(2);
    fill(list, cookie);
    DefaultHttpHeaders map = new DefaultHttpHeaders();
    fill(map, cookie);

    String ours = encode(new BackendRequestEncoder(), list);
    String netty = encode(new HttpRequestEncoder(), map);

    assertThat(ours).isEqualTo(netty);
    assertThat(ours)
        .startsWith("GET /a?b=c HTTP/1.1\r\nhost: a.example\r\nX-Forwarded-For: 10.0.0.1\r\n")
        .contains(
            "X-Latin: caf\u00e9\r\n") // a Latin-1 character as its one byte, as Netty writes it
        .contains("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n")
        .endsWith("Cookie: " + cookie + "\r\n\r\n");
  }

  @Test
  void anEmptyHeaderListIsTheRequestLineAlone() {
    assertThat(encode(new BackendRequestEncoder(), new HeaderList(1)))
        .isEqualTo("GET /a?b=c HTTP/1.1\r\n\r\n");
  }

  @Test
  void otherHeadersAreWrittenAsNettyWritesThemToo() {
    DefaultHttpHeaders map = new DefaultHttpHeaders();
    fill(map, "a=b");
    assertThat(encode(new BackendRequestEncoder(), map))
        .isEqualTo(encode(new HttpRequestEncoder(), map));
  }

  private static void fill(HttpHeaders headers, String cookie) {
    headers
        .add(HttpHeaderNames.HOST, "a.example") // an AsciiString name
        .add("X-Forwarded-For", "10.0.0.1")
        .add("X-Latin", "caf\u00e9")
        .add("Date", new Date(0))
        .add("X-Empty", "")
        .add("Cookie", cookie);
  }

  private static String encode(ChannelHandler encoder, HttpHeaders headers) {
    EmbeddedChannel channel = new EmbeddedChannel(encoder);
    channel.writeOutbound(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a?b=c", headers),
        LastHttpContent.EMPTY_LAST_CONTENT);
    StringBuilder text = new StringBuilder();
    Object out;
    while ((out = channel.readOutbound()) != null) {
      text.append(((ByteBuf) out).toString(StandardCharsets.ISO_8859_1));
      ReferenceCountUtil.release(out);
    }
    channel.finishAndReleaseAll();
    return text.toString();
  }
}
