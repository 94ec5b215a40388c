package dev.roundhouse.backend.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

/** The small bodies the backend answers with, written straight into pooled buffers. */
final class Responses {

  static final AsciiString X_BACKEND_ID = AsciiString.cached("x-backend-id");
  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
  static final AsciiString JSON = AsciiString.cached("application/json");
  static final AsciiString TEXT = AsciiString.cached("text/plain; charset=utf-8");
  static final AsciiString OCTETS = AsciiString.cached("application/octet-stream");

  private Responses() {}

  /**
   * The body of {@code GET /}: which backend answered and what it received, for example {@code
   * {"id":"1","port":9001,"method":"GET","path":"/a?b=c","xForwardedFor":null,"xRequestId":null}}.
   */
  static ByteBuf identity(ByteBufAllocator alloc, String id, int port, HttpRequest request) {
    StringBuilder json = new StringBuilder(160);
    json.append("{\"id\":");
    string(json, id);
    json.append(",\"port\":").append(port).append(",\"method\":");
    string(json, request.method().name());
    json.append(",\"path\":");
    string(json, request.uri());
    json.append(",\"xForwardedFor\":");
    string(json, request.headers().get(X_FORWARDED_FOR));
    json.append(",\"xRequestId\":");
    string(json, request.headers().get(X_REQUEST_ID));
    json.append("}\n");
    return ByteBufUtil.writeUtf8(alloc, json);
  }

  /** The answer to {@code ?digest=sha256}: {@code {"id":"1","bytes":N,"sha256":"..."}}. */
  static ByteBuf digest(ByteBufAllocator alloc, String id, ReceivedBody received) {
    StringBuilder json = new StringBuilder(128);
    json.append("{\"id\":");
    string(json, id);
    json.append(",\"bytes\":").append(received.length()).append(",\"sha256\":");
    string(json, received.sha256Hex());
    json.append("}\n");
    return ByteBufUtil.writeUtf8(alloc, json);
  }

  /** The body of {@code /admin/stats}. */
  static ByteBuf stats(ByteBufAllocator alloc, ServerState state) {
    StringBuilder json = new StringBuilder(96);
    json.append("{\"id\":");
    string(json, state.id());
    json.append(",\"requests\":")
        .append(state.served())
        .append(",\"inFlight\":")
        .append(state.inFlight())
        .append(",\"healthy\":")
        .append(state.healthy())
        .append("}\n");
    return ByteBufUtil.writeUtf8(alloc, json);
  }

  /** The body of {@code /admin/health}. */
  static ByteBuf health(ByteBufAllocator alloc, ServerState state) {
    StringBuilder json = new StringBuilder(48);
    json.append("{\"id\":");
    string(json, state.id());
    json.append(",\"healthy\":").append(state.healthy()).append("}\n");
    return ByteBufUtil.writeUtf8(alloc, json);
  }

  /** A plain-text body. */
  static ByteBuf text(ByteBufAllocator alloc, String text) {
    return ByteBufUtil.writeUtf8(alloc, text);
  }

  /** The content type to echo: the request's own, else octet-stream. */
  static CharSequence echoContentType(HttpRequest request) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type == null ? OCTETS : type;
  }

  /** Appends {@code value} as a JSON string, or {@code null}. */
  static void string(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
