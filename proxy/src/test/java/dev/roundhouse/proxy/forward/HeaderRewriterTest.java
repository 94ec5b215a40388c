package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.http.HeaderList;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HeaderRewriterTest {

  private static final ClientInfo CLIENT =
      new ClientInfo("web", InetAddress.getLoopbackAddress(), "10.0.0.7", "http");
  private static final Backend BACKEND = Backend.of("http://b1:9001");

  /**
   * The two kinds of headers a message may carry: Netty's map, and the proxy's list that its
   * decoders fill (HeaderRewriter removes hop-by-hop fields from it in one pass).
   */
  enum HeaderKind {
    NETTY_MAP(DefaultHttpHeadersFactory.headersFactory()),
    HEADER_LIST(HeaderList.FACTORY);

    private final HttpHeadersFactory factory;

    HeaderKind(HttpHeadersFactory factory) {
      this.factory = factory;
    }

    HttpHeaders create() {
      return factory.newHeaders();
    }
  }

  private static HttpRequest request(String uri, String... headers) {
    return request(HeaderKind.NETTY_MAP, uri, headers);
  }

  private static HttpRequest request(HeaderKind kind, String uri, String... headers) {
    HttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, kind.create());
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().add(headers[i], headers[i + 1]);
    }
    return request;
  }

  @Test
  void addsForwardingHeadersAndKeepsHost() {
    HttpRequest request = request("/p", "Host", "shop.example:8080");
    HeaderRewriter.rewriteRequest(request, CLIENT, "id-1");
    assertThat(request.headers().get("Host")).isEqualTo("shop.example:8080");
    assertThat(request.headers().get("X-Forwarded-For")).isEqualTo("10.0.0.7");
    assertThat(request.headers().get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(request.headers().get("X-Forwarded-Host")).isEqualTo("shop.example:8080");
    assertThat(request.headers().get("X-Request-Id")).isEqualTo("id-1");
  }

  @Test
  void appendsToEveryExistingForwardedForAndOverwritesProtoAndHost() {
    HttpRequest request =
        request(
            "/",
            "Host",
            "h",
            "X-Forwarded-For",
            "1.1.1.1",
            "X-Forwarded-For",
            "2.2.2.2, 3.3.3.3",
            "X-Forwarded-Proto",
            "https",
            "X-Forwarded-Host",
            "spoofed");
    HeaderRewriter.rewriteRequest(request, CLIENT, "id");
    assertThat(request.headers().getAll("X-Forwarded-For"))
        .containsExactly("1.1.1.1, 2.2.2.2, 3.3.3.3, 10.0.0.7");
    assertThat(request.headers().get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(request.headers().get("X-Forwarded-Host")).isEqualTo("h");
  }

  @ParameterizedTest
  @EnumSource(HeaderKind.class)
  void removesHopByHopHeadersAndThoseConnectionNamesButNeverTheFraming(HeaderKind kind) {
    HttpRequest request =
        request(
            kind,
            "/",
            "Host",
            "h",
            "Connection",
            "keep-alive, X-Private, Content-Length, Transfer-Encoding, Host",
            "Connection",
            "x-other",
            "X-Private",
            "1",
            "X-Other",
            "2",
            "Keep-Alive",
            "timeout=5",
            "Proxy-Connection",
            "keep-alive",
            "TE",
            "trailers",
            "Upgrade",
            "h2c",
            "Transfer-Encoding",
            "chunked",
            "X-Kept",
            "3");
    HeaderRewriter.rewriteRequest(request, CLIENT, "id");
    assertThat(request.headers().names())
        .map(String::toLowerCase)
        .doesNotContain(
            "connection",
            "x-private",
            "x-other",
            "keep-alive",
            "proxy-connection",
            "te",
            "upgrade");
    assertThat(request.headers().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(request.headers().get("Host")).isEqualTo("h");
    assertThat(request.headers().get("X-Kept")).isEqualTo("3");
    assertThat(request.headers().names())
        .containsExactly(
            "Host",
            "Transfer-Encoding",
            "X-Kept",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "x-request-id");
  }

  @Test
  void http10WithoutHostGetsTheBackendsAndIsSentAsHttp11() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    HeaderRewriter.rewriteRequest(request, CLIENT, "id");
    HeaderRewriter.defaultHost(request, BACKEND);
    assertThat(request.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(request.headers().get("Host")).isEqualTo("b1:9001");
    assertThat(request.headers().contains("X-Forwarded-Host")).isFalse();
  }

  @Test
  void absoluteFormBecomesOriginFormWithItsAuthorityAsHost() {
    HttpRequest request = request("http://api.example/v1/x?q=1", "Host", "ignored");
    HeaderRewriter.rewriteRequest(request, CLIENT, "id");
    assertThat(request.uri()).isEqualTo("/v1/x?q=1");
    assertThat(request.headers().get("Host")).isEqualTo("api.example");
    HttpRequest bare = request("http://api.example", "Host", "ignored");
    HeaderRewriter.rewriteRequest(bare, CLIENT, "id");
    assertThat(bare.uri()).isEqualTo("/");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "HTTP://Api.Example/v1, Api.Example, /v1",
    "https://api.example:8443/, api.example:8443, /",
    "http://api.example?q=1, api.example, /?q=1",
    "http://user:secret@api.example/x, api.example, /x",
  })
  void absoluteFormIsReadAsRfc3986Says(String target, String host, String uri) {
    HttpRequest request = request(target, "Host", "ignored");
    HeaderRewriter.rewriteRequest(request, CLIENT, "id");
    assertThat(request.uri()).isEqualTo(uri);
    assertThat(request.headers().get("Host")).isEqualTo(host);
    assertThat(request.headers().get("X-Forwarded-Host")).isEqualTo(host);
  }

  @ParameterizedTest
  @EnumSource(HeaderKind.class)
  void responsesLoseHopByHopHeadersAndCarryTheRequestId(HeaderKind kind) {
    HttpResponse response =
        new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK, kind.create());
    response.headers().add("Connection", "keep-alive, X-Internal");
    response.headers().add("X-Internal", "secret");
    response.headers().add("Keep-Alive", "timeout=5");
    response.headers().add("X-Request-Id", "backend-made-up");
    HeaderRewriter.rewriteResponse(response, "id-9");
    assertThat(response.headers().contains("Connection")).isFalse();
    assertThat(response.headers().contains("X-Internal")).isFalse();
    assertThat(response.headers().contains("Keep-Alive")).isFalse();
    assertThat(response.headers().get("X-Request-Id")).isEqualTo("id-9");
    assertThat(response.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
  }

  @ParameterizedTest
  @CsvSource({
    "keep-alive, NETTY_MAP",
    "Keep-Alive, NETTY_MAP",
    "close, NETTY_MAP",
    "CLOSE, NETTY_MAP",
    "keep-alive, HEADER_LIST",
    "Keep-Alive, HEADER_LIST",
    "close, HEADER_LIST",
    "CLOSE, HEADER_LIST",
  })
  void aSingleConnectionOptionGoesWithTheFieldsItNames(String option, HeaderKind kind) {
    HttpResponse response =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, kind.create());
    response.headers().add("Connection", option);
    response.headers().add("Keep-Alive", "timeout=5");
    response.headers().add("Close", "a field named by the option");
    response.headers().add("Content-Length", "0");

    HeaderRewriter.rewriteResponse(response, "id");

    assertThat(response.headers().contains("Connection")).isFalse();
    assertThat(response.headers().contains("Keep-Alive")).isFalse();
    assertThat(response.headers().contains("Close"))
        .isEqualTo(option.equalsIgnoreCase("keep-alive"));
    assertThat(response.headers().get("Content-Length")).isEqualTo("0");
  }

  @ParameterizedTest
  @EnumSource(HeaderKind.class)
  void aResponseWithoutHopByHopFieldsKeepsEveryFieldInOrder(HeaderKind kind) {
    HttpResponse response =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, kind.create());
    response.headers().add("Server", "nginx").add("Content-Length", "612");
    response.headers().add("Transfer-Encoding-X", "not framing").add("Tee", "not TE");

    HeaderRewriter.rewriteResponse(response, "id");

    List<String> fields = new ArrayList<>();
    response
        .headers()
        .iteratorCharSequence()
        .forEachRemaining(e -> fields.add(e.getKey() + ": " + e.getValue()));
    assertThat(fields)
        .containsExactly(
            "Server: nginx",
            "Content-Length: 612",
            "Transfer-Encoding-X: not framing",
            "Tee: not TE",
            "x-request-id: id");
  }

  @Test
  void requestIdsAreKeptOrFreshlyMade() {
    assertThat(RequestIds.of(request("/", "X-Request-Id", "mine"))).isEqualTo("mine");
    String made = RequestIds.of(request("/"));
    assertThat(made).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(RequestIds.of(request("/"))).isNotEqualTo(made);
  }
}
