package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.proxy.http.HeaderList;
import dev.roundhouse.proxy.pool.BackendConnector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;

/**
 * Sets up a new backend connection: the HTTP/1.1 response decoder (a {@link
 * BackendResponseDecoder}, with limits on what a backend may send in its status line and headers,
 * and its {@link ResponseHeadCheck}), the request encoder (a {@link BackendRequestEncoder}), and
 * the {@link BackendLink} that owns the connection (and closes it when it idles in the pool).
 */
public final class BackendInitializer extends ChannelInitializer<Channel> {

  /** The names of the handlers that go when the connection becomes a tunnel. */
  static final String DECODER = "decoder";

  static final String ENCODER = "encoder";

  /** Longest status line accepted from a backend. */
  static final int MAX_INITIAL_LINE = 8192;

  /** Largest response header section accepted from a backend. */
  static final int MAX_HEADER_SIZE = 65536;

  /** Largest body part handed on at once; bounds the memory one read of the backend takes. */
  static final int MAX_CHUNK_SIZE = 65536;

  private final Supplier<Duration> idleTimeout;
  private final Supplier<SslContext> tls;
  private final FlushBatches flushes;

  /**
   * An initializer reading the idle timeout in force from {@code idleTimeout} at each connect,
   * using {@code tls} (a client context: what it trusts, built at the first {@code https} connect)
   * for {@code https} backends, and putting off the flush of each request in {@code flushes}.
   */
  public BackendInitializer(
      Supplier<Duration> idleTimeout, Supplier<SslContext> tls, FlushBatches flushes) {
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    this.tls = requireNonNull(tls, "tls");
    this.flushes = requireNonNull(flushes, "flushes");
  }

  /**
   * What a backend may send in its status line, headers and one body part; headers and trailers as
   * lists.
   */
  static HttpDecoderConfig decoding() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_SIZE)
        .setMaxChunkSize(MAX_CHUNK_SIZE)
        .setHeadersFactory(HeaderList.CHECKED_BY_DECODER)
        .setTrailersFactory(HeaderList.TRAILERS_CHECKED_BY_DECODER);
  }

  @Override
  protected void initChannel(Channel ch) {
    Backend backend = ch.attr(BackendConnector.BACKEND).get();
    if (backend != null && backend.secure()) {
      SslHandler handler = tls.get().newHandler(ch.alloc(), backend.host(), backend.port());
      SSLParameters params = handler.engine().getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      handler.engine().setSSLParameters(params);
      ch.pipeline().addLast("tls", handler);
    }
    BackendResponseDecoder decoder = new BackendResponseDecoder(decoding());
    ch.pipeline()
        .addLast(DECODER, decoder)
        .addLast(ENCODER, new BackendRequestEncoder())
        .addLast(
            "link",
            new BackendLink(
                decoder, idleTimeout.get(), new DeferredFlush(ch, flushes.of(ch.eventLoop()))));
  }
}
