package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to do with one request, decided from its method, path and query switches before any byte of
 * the answer is written.
 *
 * @param route which kind of answer
 * @param delay how long to wait before answering (zero for none)
 * @param status the status to answer instead of the route's own, or 0 to keep the route's
 * @param size the exact body size asked for by {@code size=}, or -1
 * @param detail the message of a 400, or the {@code status} argument of {@code /admin/health}
 */
record RequestPlan(Route route, Duration delay, int status, long size, String detail) {

  /** Largest {@code size=} accepted: 1 TiB, far beyond any test, short of overflow. */
  static final long MAX_SIZE = 1L << 40;

  /** The kinds of answer. */
  enum Route {
    /** The JSON body that says which backend answered. */
    IDENTITY(true),
    /** The request body streamed back. */
    ECHO(true),
    /** {@code /ws} with a WebSocket upgrade: the handshake, then {@link WebSocketEcho}. */
    WEBSOCKET(true),
    /** A body of exactly {@code size} bytes. */
    SIZED(true),
    /** The length and SHA-256 of the request body. */
    DIGEST(true),
    /** A query switch could not be read: 400. */
    BAD_SWITCH(true),
    /** {@code /health}: ok or down. */
    HEALTH(false),
    /** {@code /admin/health}: flips or reports the health switch. */
    ADMIN_HEALTH(false),
    /** {@code /admin/stats}: the counters. */
    ADMIN_STATS(false),
    /** {@code /admin/health} with a {@code status} other than up or down: 400. */
    ADMIN_BAD_REQUEST(false),
    /** An unknown path under {@code /admin/}: 404. */
    ADMIN_NOT_FOUND(false);

    private final boolean counted;

    Route(boolean counted) {
      this.counted = counted;
    }

    /** Whether a request of this kind counts as served (health and admin requests do not). */
    boolean counted() {
      return counted;
    }
  }

  RequestPlan {
    requireNonNull(route, "route");
    requireNonNull(delay, "delay");
  }

  /** Decides what to do with {@code request}. */
  static RequestPlan of(HttpRequest request) {
    String uri = request.uri();
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    Map<String, List<String>> params =
        question < 0 ? Map.of() : new QueryStringDecoder(uri).parameters();
    switch (path) {
      case "/admin/health":
        return adminHealth(params);
      case "/admin/stats":
        return simple(Route.ADMIN_STATS);
      default:
        if (path.startsWith("/admin/")) {
          return simple(Route.ADMIN_NOT_FOUND);
        }
    }
    try {
      Duration delay =
          params.containsKey("delay") ? DelayParser.parse(last(params, "delay")) : Duration.ZERO;
      int status = params.containsKey("status") ? parseStatus(last(params, "status")) : 0;
      long size = params.containsKey("size") ? parseSize(last(params, "size")) : -1;
      boolean digest = params.containsKey("digest") && parseDigest(last(params, "digest"));
      Route route;
      if (path.equals("/health")) {
        route = Route.HEALTH;
      } else if (path.equals("/ws") && asksForWebSocket(request)) {
        route = Route.WEBSOCKET;
      } else if (digest) {
        route = Route.DIGEST;
      } else if (size >= 0) {
        route = Route.SIZED;
      } else if (echoes(request.method())) {
        route = Route.ECHO;
      } else {
        route = Route.IDENTITY;
      }
      return new RequestPlan(route, delay, status, size, null);
    } catch (IllegalArgumentException e) {
      return new RequestPlan(Route.BAD_SWITCH, Duration.ZERO, 0, -1, e.getMessage());
    }
  }

  /** A {@code GET} with {@code Connection: upgrade} and {@code Upgrade: websocket}. */
  private static boolean asksForWebSocket(HttpRequest request) {
    HttpHeaders headers = request.headers();
    return HttpMethod.GET.equals(request.method())
        && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static RequestPlan adminHealth(Map<String, List<String>> params) {
    String wanted = params.containsKey("status") ? last(params, "status") : null;
    if (wanted != null && !wanted.equals("up") && !wanted.equals("down")) {
      return new RequestPlan(
          Route.ADMIN_BAD_REQUEST,
          Duration.ZERO,
          0,
          -1,
          "status \"" + wanted + "\" must be up or down");
    }
    return new RequestPlan(Route.ADMIN_HEALTH, Duration.ZERO, 0, -1, wanted);
  }

  private static RequestPlan simple(Route route) {
    return new RequestPlan(route, Duration.ZERO, 0, -1, null);
  }

  private static boolean echoes(HttpMethod method) {
    return method.equals(HttpMethod.POST)
        || method.equals(HttpMethod.PUT)
        || method.equals(HttpMethod.PATCH);
  }

  private static String last(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values.get(values.size() - 1);
  }

  private static int parseStatus(String text) {
    try {
      int status = Integer.parseInt(text);
      if (status >= 200 && status <= 599) {
        return status;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new IllegalArgumentException(
        "status \"" + text + "\" is not a status code from 200 to 599");
  }

  private static boolean parseDigest(String text) {
    if (text.equals("sha256")) {
      return true;
    }
    throw new IllegalArgumentException("digest \"" + text + "\" is not supported (use sha256)");
  }

  private static long parseSize(String text) {
    try {
      long size = Long.parseLong(text);
      if (size >= 0 && size <= MAX_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new IllegalArgumentException(
        "size \"" + text + "\" is not a byte count from 0 to " + MAX_SIZE);
  }
}
