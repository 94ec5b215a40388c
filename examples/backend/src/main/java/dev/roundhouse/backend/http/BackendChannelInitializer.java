package dev.roundhouse.backend.http;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * Builds the pipeline of each accepted connection: HTTP/1.1 codec, {@code 100-continue}, chunked
 * writes for {@code size=} bodies, and the {@link ExchangeHandler}.
 */
public final class BackendChannelInitializer extends ChannelInitializer<Channel> {

  /** Longest request line; a longer one is answered 414. */
  static final int MAX_INITIAL_LINE = 8 * 1024;

  /** Largest header block; a larger one is answered 431. */
  static final int MAX_HEADER_SIZE = 16 * 1024;

  /** Largest piece of body handed on at once; bigger reads are split, never refused. */
  static final int MAX_CHUNK = 64 * 1024;

  private final ServerState state;
  private final RequestLog log;
  private final ChannelGroup connections;

  /**
   * Creates the initializer.
   *
   * @param state shared by all connections of this backend
   * @param log where each request is recorded
   * @param connections every open connection is added here, so that shutdown can drain them
   */
  public BackendChannelInitializer(ServerState state, RequestLog log, ChannelGroup connections) {
    this.state = requireNonNull(state, "state");
    this.log = requireNonNull(log, "log");
    this.connections = requireNonNull(connections, "connections");
  }

  @Override
  protected void initChannel(Channel channel) {
    connections.add(channel);
    HttpDecoderConfig limits =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setMaxChunkSize(MAX_CHUNK);
    channel
        .pipeline()
        .addLast("http", new HttpServerCodec(limits))
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("chunked", new ChunkedWriteHandler())
        .addLast("exchange", new ExchangeHandler(state, log));
  }
}
