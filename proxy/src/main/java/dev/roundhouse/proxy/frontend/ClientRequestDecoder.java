package dev.roundhouse.proxy.frontend;

import dev.roundhouse.proxy.http.KnownHeaderNames;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.AsciiString;

/**
 * Netty's request decoder for a client connection, taking the header names clients send on nearly
 * every request ({@link KnownHeaderNames#REQUEST}: {@code User-Agent}, {@code Accept-Encoding},
 * {@code Cookie} and more) from constants instead of copying each into a new string. Netty's own
 * decoder knows five of them, in one spelling. Everything else, every check included, is Netty's.
 */
final class ClientRequestDecoder extends HttpRequestDecoder {

  ClientRequestDecoder(HttpDecoderConfig config) {
    super(config);
  }

  @Override
  protected AsciiString splitHeaderName(byte[] line, int start, int length) {
    AsciiString known = KnownHeaderNames.REQUEST.find(line, start, length);
    return known != null ? known : super.splitHeaderName(line, start, length);
  }
}
