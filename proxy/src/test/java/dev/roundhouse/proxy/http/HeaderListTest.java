package dev.roundhouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The header list behaves as Netty's header map does for everything the proxy and Netty's codecs
 * ask of it, and a decoder that fills it still refuses what the map refused.
 */
class HeaderListTest {

  private final HeaderList headers = new HeaderList(2);

  @Test
  void namesMatchWithoutRegardToCaseAndKeepTheirOrder() {
    headers.add("Host", "a.example").add("X-Tag", "one").add("x-tag", "two").add("Accept", "*/*");
    assertThat(headers.get("HOST")).isEqualTo("a.example");
    assertThat(headers.get(HttpHeaderNames.HOST)).isEqualTo("a.example");
    assertThat(headers.getAll("X-TAG")).containsExactly("one", "two");
    assertThat(headers.contains("accept")).isTrue();
    assertThat(headers.contains("Cookie")).isFalse();
    assertThat(headers.get("Cookie")).isNull();
    assertThat(headers.getAll("Cookie")).isEmpty();
    assertThat(headers.size()).isEqualTo(4);
    headers.remove("Cookie"); // none: nothing changes
    assertThat(headers.size()).isEqualTo(4);
    assertThat(headers.names()).containsExactly("Host", "X-Tag", "Accept");
    List<String> seen = new ArrayList<>();
    headers.iteratorCharSequence().forEachRemaining(e -> seen.add(e.getKey() + "=" + e.getValue()));
    assertThat(seen).containsExactly("Host=a.example", "X-Tag=one", "x-tag=two", "Accept=*/*");
  }

  @Test
  void setReplacesEveryFieldOfTheNameAndRemoveTakesThemAll() {
    headers.add("X-Tag", "one").add("Host", "h").add("x-tag", "two");
    headers.set("X-TAG", "three");
    assertThat(headers.getAll("x-tag")).containsExactly("three");
    assertThat(headers.entries())
        .extracting(Map.Entry::getKey)
        .containsExactly("Host", "X-TAG"); // at the end, as Netty's map puts it
    headers.remove("HOST");
    assertThat(headers.contains("host")).isFalse();
    assertThat(headers.size()).isEqualTo(1);
    headers.set("X-List", List.of("a", "b"));
    assertThat(headers.getAll("x-list")).containsExactly("a", "b");
    headers.clear();
    assertThat(headers.isEmpty()).isTrue();
  }

  @Test
  void removeIfTakesEveryAcceptedFieldInOnePassAndKeepsTheOrderOfTheRest() {
    headers.add("Connection", "keep-alive").add("Host", "h").add("TE", "trailers");
    headers.add("X-Tag", "one").add("te", "again").add("Accept", "*/*");

    assertThat(headers.anyName(name -> name.length() == 2)).isTrue();
    headers.removeIf(name -> name.length() == 2 || name.toString().startsWith("Conn"));

    List<String> left = new ArrayList<>();
    headers.iteratorCharSequence().forEachRemaining(e -> left.add(e.getKey() + "=" + e.getValue()));
    assertThat(left).containsExactly("Host=h", "X-Tag=one", "Accept=*/*");
    assertThat(headers.size()).isEqualTo(3);
    assertThat(headers.anyName(name -> name.length() == 2)).isFalse();
    headers.add("Upgrade", "h2c"); // the slots freed are used again
    assertThat(headers.names()).containsExactly("Host", "X-Tag", "Accept", "Upgrade");
  }

  @Test
  void valuesAreReadAsNettysHelpersReadThem() {
    headers.add("Connection", "keep-alive, Upgrade").add("Content-Length", "12");
    headers.addInt("X-Count", 7).add("Date", new Date(0));
    assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)).isTrue();
    assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, "close", true)).isFalse();
    assertThat(headers.contains("content-length", "12", false)).isTrue();
    assertThat(headers.getInt("x-count")).isEqualTo(7);
    assertThat(headers.getInt("content-type", -1)).isEqualTo(-1);
    assertThat(headers.getShort("x-count")).isEqualTo((short) 7);
    headers.addInt("X-Big", 70_000);
    assertThat(headers.getShort("x-big", (short) -1)).isEqualTo((short) -1); // out of range
    assertThat(headers.getTimeMillis("date")).isEqualTo(0L);
    assertThat(headers.get("date")).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    HttpHeaders copy = headers.copy();
    headers.clear();
    assertThat(copy.get("content-length")).isEqualTo("12");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "keep-alive|keep-alive|true|true",
        "Keep-Alive|keep-alive|true|true",
        "Keep-Alive|keep-alive|false|false",
        "close , Upgrade|upgrade|true|true",
        "close,Upgrade|Upgrade|false|true",
        "'close\t,  upgrade'|upgrade|true|true",
        "keep-alive-ish|keep-alive|true|false",
        "x-keep-alive|keep-alive|true|false",
        "a,,b|''|true|true",
        "'a, '|''|true|true",
        "a|''|true|false",
        "'a,'|''|true|false",
        "''|''|true|true",
      })
  void listElementsAreFoundAsNettyFindsThem(
      String field, String element, boolean ignoreCase, boolean found) {
    HttpHeaders netty = new DefaultHttpHeaders().add("Connection", "x").add("Connection", field);
    headers.add("Connection", "x").add("Connection", field);

    assertThat(netty.containsValue("connection", element, ignoreCase)).isEqualTo(found);
    assertThat(headers.containsValue("connection", element, ignoreCase)).isEqualTo(found);
    assertThat(headers.containsValue("x-other", element, ignoreCase)).isFalse();
  }

  @Test
  void aListMadeEmptyGrowsAtItsFirstField() {
    HeaderList trailers = (HeaderList) HeaderList.TRAILERS_FACTORY.newHeaders();
    assertThat(trailers.isEmpty()).isTrue();
    assertThat(trailers.get("x-checksum")).isNull();

    for (int i = 0; i < 9; i++) {
      trailers.add("X-Part-" + i, Integer.toString(i));
    }

    assertThat(trailers.size()).isEqualTo(9);
    assertThat(trailers.get("x-part-0")).isEqualTo("0");
    assertThat(trailers.get("x-part-8")).isEqualTo("8");
  }

  @Test
  void namesThatAreNotTokensAndValuesWithLineBreaksAreRefused() {
    assertThatThrownBy(() -> headers.add("Bad Name", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
    assertThatThrownBy(() -> headers.set("X-Split", "a\r\nInjected: yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prohibited character");
    assertThatThrownBy(() -> headers.add("", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(headers.isEmpty()).isTrue();
  }

  @Test
  void aListWhoseDecoderChecksNamesStillRefusesValuesWithLineBreaksAndItsCopiesToo() {
    HttpHeaders decoded = HeaderList.CHECKED_BY_DECODER.newHeaders();
    decoded.add("Checked-By-The-Decoder", "1").set("x-request-id", "a");
    assertThat(decoded.get("checked-by-the-decoder")).isEqualTo("1");
    assertThatThrownBy(() -> decoded.set("X-Split", "a\r\nInjected: yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prohibited character");
    HttpHeaders copy = decoded.copy();
    assertThatThrownBy(() -> copy.add("X-Nul", "a\u0000"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(copy.size()).isEqualTo(2);

    assertThat(HeaderList.checkName("X-Fine")).isEqualTo("X-Fine");
    assertThatThrownBy(() -> HeaderList.checkName("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
    assertThatThrownBy(() -> HeaderList.checkName("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDecoderFillingItReadsARequestAndTheEncoderWritesItBack() {
    EmbeddedChannel decoding = decoder();
    decoding.writeInbound(
        Unpooled.copiedBuffer(
            "POST /up HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\nX-Folded: one\r\n two\r\n\r\n",
            StandardCharsets.US_ASCII));
    HttpRequest request = decoding.readInbound();
    assertThat(request.decoderResult().isSuccess()).isTrue();
    assertThat(request.headers()).isInstanceOf(HeaderList.class);
    assertThat(HttpUtil.isKeepAlive(request)).isFalse();
    assertThat(HttpUtil.isTransferEncodingChunked(request)).isTrue();
    assertThat(request.headers().get("x-folded")).isEqualTo("one two");
    request.headers().remove(HttpHeaderNames.CONNECTION);

    EmbeddedChannel encoding = new EmbeddedChannel(new HttpRequestEncoder());
    encoding.writeOutbound(request, LastHttpContent.EMPTY_LAST_CONTENT);
    StringBuilder text = new StringBuilder();
    Object out;
    while ((out = encoding.readOutbound()) != null) {
      text.append(((io.netty.buffer.ByteBuf) out).toString(StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(out);
    }
    assertThat(text.toString())
        .isEqualTo(
            "POST /up HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n"
                + "X-Folded: one two\r\n\r\n0\r\n\r\n");
    decoding.finishAndReleaseAll();
  }

  @Test
  void encodeWritesEachValueByteAsItCameWhateverKindOfTextHoldsIt() {
    headers
        .add(HttpHeaderNames.HOST, "a.example") // a known name: an AsciiString
        .add(
            "X-Obs-Text",
            "caf\u00e9 \u00ff") // bytes 0x80-0xFF from the wire, as the decoder keeps them
        .add("X-Built", new StringBuilder("built")) // neither String nor AsciiString
        .add("X-Wide", "\u20ac"); // not a byte at all: '?' as Netty's encoder writes it
    io.netty.buffer.ByteBuf out = io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(4);

    HeaderList.encode(headers, out);

    byte[] written = new byte[out.readableBytes()];
    out.readBytes(written);
    out.release();
    assertThat(written)
        .isEqualTo(
            "host: a.example\r\nX-Obs-Text: caf\u00e9 \u00ff\r\nX-Built: built\r\nX-Wide: ?\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aDecoderFillingItStillFailsARequestWithABadHeaderName() {
    EmbeddedChannel decoding = decoder();
    decoding.writeInbound(
        Unpooled.copiedBuffer(
            "GET / HTTP/1.1\r\nHost: a\r\nBad\u0001Name: x\r\n\r\n", StandardCharsets.US_ASCII));
    HttpRequest request = decoding.readInbound();
    assertThat(request.decoderResult().isFailure()).isTrue();
    assertThat(request.decoderResult().cause()).hasMessageContaining("token");
    decoding.finishAndReleaseAll();
  }

  private static EmbeddedChannel decoder() {
    return new EmbeddedChannel(
        new HttpRequestDecoder(new HttpDecoderConfig().setHeadersFactory(HeaderList.FACTORY)));
  }
}
