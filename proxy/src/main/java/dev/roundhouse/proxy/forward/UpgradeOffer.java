package dev.roundhouse.proxy.forward;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The protocols a request asks to switch its connection to ({@code Connection: upgrade} and {@code
 * Upgrade}, RFC 9110 7.8), as far as the config's {@code upgrades} allow. {@code Upgrade} is a
 * hop-by-hop header: the proxy passes on only what it will tunnel, and the backend decides.
 *
 * <p>A protocol listed without a version ({@code websocket}) allows every version of it; one with
 * ({@code example/2}) only that one. Names match without regard to case.
 */
final class UpgradeOffer {

  private UpgradeOffer() {}

  /**
   * The allowed protocols {@code request} offers, as its {@code Upgrade} value to pass on; null
   * when it offers none of them, or may not upgrade: HTTP/1.0 (RFC 9110 7.8: ignored), or a request
   * with a body, which the backend would have to read before switching. Read before the hop-by-hop
   * headers are removed.
   */
  static @Nullable String of(HttpRequest request, List<String> allowed, boolean bodiless) {
    if (allowed.isEmpty()
        || !bodiless
        || !HttpVersion.HTTP_1_1.equals(request.protocolVersion())
        || !request
            .headers()
            .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      return null;
    }
    List<String> passed = new ArrayList<>(1);
    for (String value : request.headers().getAll(HttpHeaderNames.UPGRADE)) {
      for (String protocol : value.split(",")) {
        String trimmed = protocol.trim();
        if (!trimmed.isEmpty() && allows(allowed, trimmed)) {
          passed.add(trimmed);
        }
      }
    }
    return passed.isEmpty() ? null : String.join(", ", passed);
  }

  /** Puts the offer on the request for the backend, after the hop-by-hop headers went. */
  static void offer(HttpRequest request, String protocols) {
    request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    request.headers().set(HttpHeaderNames.UPGRADE, protocols);
  }

  /**
   * Whether a {@code 101} takes up the offer: its {@code Upgrade} names one of the offered
   * protocols. A 101 that names none (or another) is a broken response, never a tunnel.
   */
  static boolean acceptedBy(HttpResponse response, String offered) {
    String chosen = response.headers().get(HttpHeaderNames.UPGRADE);
    if (chosen == null) {
      return false;
    }
    List<String> offers = List.of(offered.split(",\\s*"));
    for (String protocol : chosen.split(",")) {
      if (allows(offers, protocol.trim())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prepares the {@code 101} for the client: the headers it needs to switch ({@code Connection:
   * upgrade} and the backend's {@code Upgrade}) survive the hop-by-hop removal, as the client asked
   * the proxy for this same switch.
   */
  static void rewriteSwitch(HttpResponse response, String requestId) {
    String chosen = response.headers().get(HttpHeaderNames.UPGRADE);
    HeaderRewriter.rewriteResponse(response, requestId);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    response.headers().set(HttpHeaderNames.UPGRADE, chosen);
    // No body: a 101's message ends with its head (RFC 9112 6.3).
    response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
  }

  private static boolean allows(List<String> allowed, String protocol) {
    int slash = protocol.indexOf('/');
    String name = slash < 0 ? protocol : protocol.substring(0, slash);
    for (String entry : allowed) {
      if (entry.equalsIgnoreCase(protocol)
          || entry.indexOf('/') < 0 && entry.equalsIgnoreCase(name)) {
        return !name.equalsIgnoreCase("h2c");
      }
    }
    return false;
  }
}
