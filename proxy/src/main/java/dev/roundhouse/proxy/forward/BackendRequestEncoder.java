package dev.roundhouse.proxy.forward;

import dev.roundhouse.proxy.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequestEncoder;

/**
 * Netty's request encoder, writing a {@link HeaderList} (what the client side's decoder fills and
 * the proxy edits in place) straight from its arrays instead of through an iterator that makes an
 * entry per field ({@link HeaderList#encode}).
 */
final class BackendRequestEncoder extends HttpRequestEncoder {

  @Override
  protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
    HeaderList.encode(headers, buf);
  }
}
