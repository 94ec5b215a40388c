package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.FrontendTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.util.AttributeKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS on one frontend: the certificates in force, which each new connection's handshake uses.
 * {@link #reload} swaps in new ones atomically; a connection keeps the certificates it was accepted
 * with (its handshake is done, or uses the snapshot taken when it was accepted).
 */
public final class TlsTermination {

  /** The name of the TLS handler in a frontend pipeline, its first. */
  public static final String HANDLER = "tls";

  private static final AttributeKey<Boolean> SECURE = AttributeKey.valueOf("roundhouse.tls");

  private final String frontend;
  private final FrontendTls settings;
  private final TlsEngine engine;
  private final TlsMetrics metrics;
  private volatile ServerCertificates current;

  private TlsTermination(
      String frontend,
      FrontendTls settings,
      TlsEngine engine,
      TlsMetrics metrics,
      ServerCertificates current) {
    this.frontend = requireNonNull(frontend, "frontend");
    this.settings = requireNonNull(settings, "settings");
    this.engine = requireNonNull(engine, "engine");
    this.metrics = requireNonNull(metrics, "metrics");
    this.current = requireNonNull(current, "current");
  }

  /**
   * TLS for the frontend labelled {@code frontend}, with the certificates of {@code settings} as
   * they are now.
   *
   * @throws CertificateException when one cannot be used
   */
  static TlsTermination load(
      String frontend, FrontendTls settings, TlsEngine engine, TlsMetrics metrics, Instant now)
      throws CertificateException {
    ServerCertificates loaded =
        ServerCertificates.of(ServerCertificates.read(settings, now), settings, engine);
    return new TlsTermination(frontend, settings, engine, metrics, loaded);
  }

  /** Whether {@code channel} came in through a TLS frontend: its scheme is {@code https}. */
  public static boolean isSecure(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(SECURE).get());
  }

  /**
   * Puts TLS in front of {@code pipeline} (an accepted connection's): the certificates in force
   * now, and a handler that counts failed handshakes and closes their connections quietly.
   */
  public void addTo(ChannelPipeline pipeline) {
    Channel channel = pipeline.channel();
    channel.attr(SECURE).set(Boolean.TRUE);
    pipeline
        .addFirst("tls-handshake", new HandshakeOutcome(frontend, metrics))
        .addFirst(HANDLER, current.newHandler(channel.alloc()));
  }

  /**
   * Reads the files again and, if their content changed and is good, puts the new certificates in
   * force for new connections.
   *
   * @return whether new certificates are in force (false: the files did not change)
   * @throws CertificateException when the files changed into something unusable; the certificates
   *     in force stay
   */
  synchronized boolean reload(Instant now) throws CertificateException {
    List<CertifiedKey> read = ServerCertificates.read(settings, now);
    if (current.sameAs(read)) {
      return false;
    }
    current = ServerCertificates.of(read, settings, engine);
    return true;
  }

  /** The label of the frontend. */
  String frontend() {
    return frontend;
  }

  /** The settings this was loaded from. */
  FrontendTls settings() {
    return settings;
  }

  /** The certificates in force, the default one first. */
  List<CertifiedKey> certificates() {
    return current.certificates();
  }

  /** Every certificate and key file, for the watch. */
  List<Path> files() {
    List<Path> files = new ArrayList<>();
    settings
        .certificates()
        .forEach(
            c -> {
              files.add(Path.of(c.certificate()));
              files.add(Path.of(c.key()));
            });
    return files;
  }
}
