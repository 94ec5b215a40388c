package dev.roundhouse.proxy.frontend;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Netty's response encoder for a client connection, told by the {@link ClientConnection} which
 * request the next response answers (it runs them one at a time), so that the response to a {@code
 * HEAD} is a head alone whatever its framing headers say. This is what {@code HttpServerCodec} kept
 * a queue of request methods for; as a handler of its own, beside the decoder, it also saves the
 * codec's delegation on every read and write. A {@link HeaderList} (what the backend's decoder
 * fills) is written straight from its arrays.
 *
 * <p>{@code CONNECT}, the other method whose response the codec treated apart, never gets this far:
 * {@link RequestChecks} refuses it.
 */
final class ClientResponseEncoder extends HttpResponseEncoder {

  private boolean head;

  /** The responses written from now on answer a request with {@code method}. */
  void answering(HttpMethod method) {
    head = HttpMethod.HEAD.equals(method);
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    // An interim response (100 Continue, 101) answers no request by itself: Netty's rule.
    boolean interim = msg.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    return !interim && head || super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
    HeaderList.encode(headers, buf);
  }
}
