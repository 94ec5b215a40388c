package dev.roundhouse.proxy.forward;

import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.http.HeaderList;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header changes a proxy makes: the {@code X-Forwarded-*} headers and {@code X-Request-Id} on
 * the way in, {@code X-Request-Id} on the way out, and hop-by-hop headers removed both ways.
 */
final class HeaderRewriter {

  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
  private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

  /**
   * Headers a {@code Connection} option may not remove: the message framing and what the proxy
   * itself sets. Otherwise {@code Connection: Content-Length} would make the proxy forward a body
   * without its length.
   */
  private static final Set<String> PROTECTED =
      Set.of(
          "content-length",
          "transfer-encoding",
          "host",
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host",
          "x-request-id");

  /** What {@code Connection: close} names: a field called {@code close}, if a message has one. */
  private static final List<String> CLOSE = List.of("close");

  private HeaderRewriter() {}

  /**
   * Prepares a client's request for the backends: hop-by-hop headers out, forwarding headers in,
   * HTTP/1.1 towards the backend, and an absolute-form target turned into the origin form a server
   * expects. The Host header is passed as the client sent it (see {@link #defaultHost} for none).
   */
  static void rewriteRequest(HttpRequest request, ClientInfo client, String requestId) {
    HttpHeaders headers = request.headers();
    toOriginForm(request);
    removeHopByHop(headers);
    List<String> forwardedFor = headers.getAll(X_FORWARDED_FOR);
    if (forwardedFor.isEmpty()) {
      headers.add(X_FORWARDED_FOR, client.ip());
    } else {
      headers.set(X_FORWARDED_FOR, String.join(", ", forwardedFor) + ", " + client.ip());
    }
    headers.set(X_FORWARDED_PROTO, client.scheme());
    String host = headers.get(HttpHeaderNames.HOST);
    if (host != null) {
      headers.set(X_FORWARDED_HOST, host);
    } else {
      headers.remove(X_FORWARDED_HOST);
    }
    headers.set(X_REQUEST_ID, requestId);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  /**
   * Turns an absolute-form target ({@code GET http://api.example/a?b}) into the origin form a
   * server expects ({@code /a?b}) with its authority as {@code Host} (RFC 9112 3.2.2: a proxy
   * ignores the Host the client sent). The scheme is matched in any case and the authority ends at
   * the path, the query or a fragment (RFC 3986 3.2); userinfo, never valid in http(s) URIs, is
   * dropped rather than passed on as a host.
   */
  private static void toOriginForm(HttpRequest request) {
    String uri = request.uri();
    int authority =
        uri.regionMatches(true, 0, "http://", 0, 7)
            ? 7
            : uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
    if (authority < 0) {
      return;
    }
    int end = authority;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    int userinfo = uri.lastIndexOf('@', end - 1);
    String host = uri.substring(Math.max(authority, userinfo + 1), end);
    int fragment = uri.indexOf('#', end);
    String rest = uri.substring(end, fragment < 0 ? uri.length() : fragment);
    request.headers().set(HttpHeaderNames.HOST, host);
    request.setUri(rest.startsWith("/") ? rest : "/" + rest);
  }

  /**
   * Gives a request without {@code Host} (HTTP/1.0 allows that) the backend's, as HTTP/1.1, which
   * the backend is spoken to in, requires one.
   */
  static void defaultHost(HttpRequest request, Backend backend) {
    request.headers().set(HttpHeaderNames.HOST, backend.host() + ":" + backend.port());
  }

  /** Prepares a backend's response for the client. */
  static void rewriteResponse(HttpResponse response, String requestId) {
    removeHopByHop(response.headers());
    response.headers().set(X_REQUEST_ID, requestId);
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  /**
   * Removes the hop-by-hop headers of RFC 9110 section 7.6.1: {@code Connection} and the headers it
   * names, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE} and {@code Upgrade}. {@code
   * Transfer-Encoding} stays: the codecs re-apply the same framing on the next hop, so the header
   * stays true.
   */
  static void removeHopByHop(HttpHeaders headers) {
    if (!hasHopByHop(headers)) {
      return; // none: found in one pass instead of five lookups
    }
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    List<String> named = connection.isEmpty() ? List.of() : namedFields(connection);
    if (headers instanceof HeaderList list) {
      list.removeIf(HeaderRewriter::isHopByHop); // the decoders' headers: one pass for all five
    } else {
      headers.remove(HttpHeaderNames.CONNECTION);
      headers.remove(HttpHeaderNames.KEEP_ALIVE);
      headers.remove(PROXY_CONNECTION);
      headers.remove(HttpHeaderNames.TE);
      headers.remove(HttpHeaderNames.UPGRADE);
    }
    for (String name : named) {
      headers.remove(name);
    }
  }

  /**
   * The fields that {@code Connection} options name, in lower case, without those a {@code
   * Connection} may not remove.
   */
  private static List<String> namedFields(List<String> connection) {
    if (connection.size() == 1) { // nearly every message: one option, no list to split
      String only = connection.get(0);
      if (only.equalsIgnoreCase("keep-alive")) {
        return List.of(); // Keep-Alive goes anyway
      }
      if (only.equalsIgnoreCase("close")) {
        return CLOSE;
      }
    }
    List<String> named = new ArrayList<>();
    for (String value : connection) {
      for (String option : value.split(",")) {
        String name = option.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !PROTECTED.contains(name)) {
          named.add(name);
        }
      }
    }
    return named;
  }

  private static boolean hasHopByHop(HttpHeaders headers) {
    if (headers instanceof HeaderList list) {
      return list.anyName(HeaderRewriter::isHopByHop);
    }
    Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
    while (entries.hasNext()) {
      if (isHopByHop(entries.next().getKey())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} is one of the five hop-by-hop fields a proxy always removes. */
  private static boolean isHopByHop(CharSequence name) {
    return switch (name.length()) {
      case 2 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TE);
      case 7 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.UPGRADE);
      case 10 ->
          AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)
              || AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.KEEP_ALIVE);
      case 16 -> AsciiString.contentEqualsIgnoreCase(name, PROXY_CONNECTION);
      default -> false;
    };
  }
}
