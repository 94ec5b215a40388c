package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.forward.ForwardingContext;
import dev.roundhouse.proxy.tls.TlsTermination;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.jspecify.annotations.Nullable;

/**
 * Sets up an accepted client connection: TLS on a TLS frontend (the certificates in force at the
 * accept), the {@link ClientRequestDecoder} with the request limits (it turns away what must not be
 * forwarded) carrying the connection's {@link ClientTimer}, our {@link ClientResponseEncoder}, and
 * the {@link ClientConnection} that forwards, or on a frontend with {@code redirectToHttps} the
 * {@link HttpsRedirect} that answers instead. Both of those move the same timer along.
 */
final class FrontendInitializer extends ChannelInitializer<Channel> {

  /**
   * The names of the handlers that go when the connection becomes a tunnel (the timer with the
   * decoder).
   */
  static final String DECODER = "decoder";

  static final String ENCODER = "encoder";

  private final ForwardingContext services;
  private volatile String frontend;
  private volatile @Nullable TlsTermination tls;
  private volatile @Nullable Integer redirectToHttps;
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

  /**
   * Connections accepted from now on are set up for {@code frontend}: its TLS ({@code tls}, null
   * for plain HTTP) and its redirect to https.
   */
  void configure(Frontend frontend, @Nullable TlsTermination tls) {
    this.tls = tls;
    this.redirectToHttps = frontend.redirectToHttps();
  }

  /** The label new connections get. */
  String label() {
    return frontend;
  }

  @Override
  protected void initChannel(Channel ch) {
    ClientTimer timer = new ClientTimer(services.routing().current().timeouts());
    ClientResponseEncoder encoder = new ClientResponseEncoder();
    ch.pipeline()
        .addLast(DECODER, new ClientRequestDecoder(limits, timer))
        .addLast(ENCODER, encoder);
    Integer redirect = redirectToHttps;
    if (redirect != null) {
      ch.pipeline()
          .addLast(
              "redirect",
              new HttpsRedirect(redirect, frontend, timer, services.observer(), connections));
    } else {
      ch.pipeline()
          .addLast(
              "connection", new ClientConnection(services, frontend, connections, timer, encoder));
    }
    TlsTermination terminate = tls;
    if (terminate != null) {
      terminate.addTo(ch.pipeline()); // first: the decoder and its timer see the decrypted bytes
    }
  }
}
