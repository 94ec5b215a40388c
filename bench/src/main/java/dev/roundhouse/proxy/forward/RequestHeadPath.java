package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.frontend.ClientRequestDecoder;
import dev.roundhouse.proxy.frontend.RequestLimits;
import dev.roundhouse.proxy.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * A request head's way through the proxy, step by step: a decoder makes an {@link HttpRequest} with
 * its headers, {@link HeaderRewriter} edits it, and an encoder writes it for the backend. On the
 * proxy's path ({@link #RequestHeadPath()}) those are the proxy's own: {@link ClientRequestDecoder}
 * (with the request checks, headers in a {@link HeaderList}) and {@link BackendRequestEncoder}. On
 * {@link #netty()}, Netty's decoder with its default header map and Netty's encoder, the path
 * before the lean-path work, to compare with. One connection's worth of state: the decoder and
 * encoder are reused from request to request, as on a keep-alive connection.
 */
final class RequestHeadPath implements AutoCloseable {

  private final EmbeddedChannel decoding;
  private final EmbeddedChannel encoding;
  private final ClientInfo client =
      new ClientInfo("bench", InetAddress.getLoopbackAddress(), "127.0.0.1", "http");

  /** The path as the proxy takes it: its own decoder, with the default limits, and encoder. */
  RequestHeadPath() {
    this(new ClientRequestDecoder(RequestLimits.DEFAULTS), new BackendRequestEncoder());
  }

  /** Netty's decoder (its default header map) and encoder, with the rewrite between them. */
  static RequestHeadPath netty() {
    return new RequestHeadPath(new HttpRequestDecoder(), new HttpRequestEncoder());
  }

  private RequestHeadPath(HttpRequestDecoder decoder, HttpRequestEncoder encoder) {
    decoding = new EmbeddedChannel(decoder);
    encoding = new EmbeddedChannel(encoder);
  }

  /** Decodes one request head (bytes copied into a pooled buffer, as a socket read fills one). */
  HttpRequest decode(byte[] head) {
    decoding.writeInbound(decoding.alloc().buffer(head.length).writeBytes(head));
    Object decoded = decoding.readInbound();
    if (!(decoded instanceof HttpRequest request) || request.decoderResult().isFailure()) {
      throw new IllegalStateException("not a valid request head: " + decoded);
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
