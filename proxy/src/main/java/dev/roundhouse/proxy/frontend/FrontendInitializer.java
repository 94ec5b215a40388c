package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.forward.ForwardingContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Sets up an accepted client connection: the {@link ClientTimer}, the HTTP/1.1 server codec with
 * the request limits, the {@link RequestGuard}, and the {@link ClientConnection} that forwards.
 */
final class FrontendInitializer extends ChannelInitializer<Channel> {

  /** The names of the handlers that go when the connection becomes a tunnel, with the timer. */
  static final String CODEC = "codec";

  static final String GUARD = "guard";

  private final ForwardingContext services;
  private volatile String frontend;
  private final RequestLimits limits;
  private final ClientConnections connections;

  FrontendInitializer(
      ForwardingContext services,
      String frontend,
      RequestLimits limits,
      ClientConnections connections) {
    this.services = requireNonNull(services, "services");
    this.frontend = requireNonNull(frontend, "frontend");
    this.limits = requireNonNull(limits, "limits");
    this.connections = requireNonNull(connections, "connections");
  }

  /** Connections accepted from now on come in on the frontend labelled {@code label}. */
  void relabel(String label) {
    this.frontend = requireNonNull(label, "label");
  }

  /** The label new connections get. */
  String label() {
    return frontend;
  }

  @Override
  protected void initChannel(Channel ch) {
    ClientTimer timer = new ClientTimer(services.routing().current().timeouts());
    HttpDecoderConfig decoding =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxRequestLine())
            .setMaxHeaderSize(limits.maxHeaderSize())
            .setMaxChunkSize(limits.maxChunkSize());
    ch.pipeline()
        .addLast("timer", timer)
        .addLast(CODEC, new HttpServerCodec(decoding))
        .addLast(GUARD, new RequestGuard(limits))
        .addLast("connection", new ClientConnection(services, frontend, connections, timer));
  }
}
