package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * A request head's way through the proxy, step by step: Netty's decoder makes an {@link
 * HttpRequest} with its headers (in a {@link HeaderList}, as the frontend configures it, or in
 * Netty's default header map, as before), {@link HeaderRewriter} edits it, and Netty's encoder
 * writes it for the backend. One connection's worth of state: the decoder and encoder are reused
 * from request to request, as on a keep-alive connection.
 */
final class RequestHeadPath implements AutoCloseable {

  private final EmbeddedChannel decoding;
  private final EmbeddedChannel encoding = new EmbeddedChannel(new HttpRequestEncoder());
  private final ClientInfo client =
      new ClientInfo("bench", InetAddress.getLoopbackAddress(), "127.0.0.1", "http");

  /** The path as the proxy's frontend decodes: headers in a {@link HeaderList}. */
  RequestHeadPath() {
    this(HeaderList.FACTORY);
  }

  /** The path with the decoder's headers made by {@code headers}. */
  RequestHeadPath(HttpHeadersFactory headers) {
    decoding =
        new EmbeddedChannel(
            new HttpRequestDecoder(new HttpDecoderConfig().setHeadersFactory(headers)));
  }

  /** Decodes one request head (bytes copied into a pooled buffer, as a socket read fills one). */
  HttpRequest decode(byte[] head) {
    decoding.writeInbound(decoding.alloc().buffer(head.length).writeBytes(head));
    HttpRequest request = decoding.readInbound();
    if (request == null || request.decoderResult().isFailure()) {
      throw new IllegalStateException(
          "not a valid request head: "
              + (request == null ? "incomplete" : request.decoderResult()));
    }
    // A head without a body is followed by an empty last content.
    Object last;
    while ((last = decoding.readInbound()) != null) {
      ReferenceCountUtil.release(last);
    }
    return request;
  }

  /** Applies the proxy's header edits with the id the request keeps or gets. */
  HttpRequest rewrite(HttpRequest request) {
    HeaderRewriter.rewriteRequest(request, client, RequestIds.of(request));
    return request;
  }

  /** Encodes the request for the backend; returns how many bytes that made. */
  int encode(HttpRequest request) {
    encoding.writeOutbound(request, LastHttpContent.EMPTY_LAST_CONTENT);
    int bytes = 0;
    ByteBuf out;
    while ((out = encoding.readOutbound()) != null) {
      bytes += out.readableBytes();
      out.release();
    }
    return bytes;
  }

  /** The encoded request as text (for the tests). */
  String encodeToString(HttpRequest request) {
    encoding.writeOutbound(request, LastHttpContent.EMPTY_LAST_CONTENT);
    StringBuilder text = new StringBuilder();
    ByteBuf out;
    while ((out = encoding.readOutbound()) != null) {
      text.append(out.toString(java.nio.charset.StandardCharsets.US_ASCII));
      out.release();
    }
    return text.toString();
  }

  @Override
  public void close() {
    decoding.finishAndReleaseAll();
    encoding.finishAndReleaseAll();
  }
}
