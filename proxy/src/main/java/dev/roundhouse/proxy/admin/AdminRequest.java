package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to the admin server, read whole (admin requests are small; the server refuses bodies
 * over 64 KiB).
 *
 * @param method the request method
 * @param path the path, decoded, without the query
 * @param query the query parameters, decoded
 * @param headers the request headers, e.g. {@code Authorization}
 * @param body the request body; empty when there is none
 * @param client who sent it ({@code 10.0.0.7:53122}), for the log of refused requests
 */
public record AdminRequest(
    HttpMethod method,
    String path,
    Map<String, List<String>> query,
    HttpHeaders headers,
    byte[] body,
    String client) {

  /** Checks the parts. */
  public AdminRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    query = Map.copyOf(requireNonNull(query, "query"));
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    requireNonNull(client, "client");
  }

  /** The request Netty decoded, copied out of its buffers, from {@code client}. */
  static AdminRequest of(FullHttpRequest request, SocketAddress client) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    return new AdminRequest(
        request.method(),
        uri.path(),
        uri.parameters(),
        request.headers().copy(),
        ByteBufUtil.getBytes(request.content()),
        describe(client));
  }

  private static String describe(SocketAddress client) {
    if (client instanceof InetSocketAddress inet) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(client);
  }

  /** The {@code Authorization} header, if sent. */
  public Optional<String> authorization() {
    return Optional.ofNullable(headers.get(HttpHeaderNames.AUTHORIZATION));
  }

  /** The first value of query parameter {@code name}, if present. */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
