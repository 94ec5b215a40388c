package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.FrontendTls;
import dev.roundhouse.api.TlsCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The certificates a TLS frontend presents, as they were read at one moment: immutable, so a
 * connection keeps the ones it was accepted with while a rotation installs the next.
 *
 * <p>With {@code sni} certificates, the server name a client asks for picks one (exact names, and
 * wildcards as {@code *.example.com}); a client asking for another name or none gets the default.
 */
final class ServerCertificates {

  private final List<CertifiedKey> certificates;
  private final SslContext defaultContext;
  private final @Nullable Mapping<String, SslContext> byServerName;

  private ServerCertificates(
      List<CertifiedKey> certificates,
      SslContext defaultContext,
      @Nullable Mapping<String, SslContext> byServerName) {
    this.certificates = List.copyOf(certificates);
    this.defaultContext = requireNonNull(defaultContext, "defaultContext");
    this.byServerName = byServerName;
  }

  /**
   * Reads and checks every certificate of {@code tls}, the default one first.
   *
   * @throws CertificateException the first problem, its field relative to the {@code tls} mapping
   *     ({@code key}, {@code sni[1].certificate})
   */
  static List<CertifiedKey> read(FrontendTls tls, Instant now) throws CertificateException {
    List<CertifiedKey> loaded = new ArrayList<>();
    loaded.add(CertifiedKey.load(tls.defaultCertificate(), now));
    for (int i = 0; i < tls.sni().size(); i++) {
      TlsCertificate entry = tls.sni().get(i);
      try {
        loaded.add(CertifiedKey.load(entry, now));
      } catch (CertificateException e) {
        throw e.under("sni[" + i + "]");
      }
    }
    return loaded;
  }

  /** The contexts of {@code loaded} (from {@link #read}) with the settings of {@code tls}. */
  static ServerCertificates of(List<CertifiedKey> loaded, FrontendTls tls, TlsEngine engine)
      throws CertificateException {
    SslContext defaultContext = context(engine, loaded.get(0), tls, "");
    if (loaded.size() == 1) {
      return new ServerCertificates(loaded, defaultContext, null);
    }
    DomainWildcardMappingBuilder<SslContext> mapping =
        new DomainWildcardMappingBuilder<>(defaultContext);
    for (int i = 1; i < loaded.size(); i++) {
      SslContext context = context(engine, loaded.get(i), tls, "sni[" + (i - 1) + "].");
      for (String name : loaded.get(i).serverNames()) {
        mapping.add(name, context);
      }
    }
    return new ServerCertificates(loaded, defaultContext, mapping.build());
  }

  private static SslContext context(
      TlsEngine engine, CertifiedKey certificate, FrontendTls tls, String prefix)
      throws CertificateException {
    try {
      return engine.serverContext(certificate, tls.minVersion());
    } catch (SSLException | IllegalArgumentException e) {
      throw new CertificateException(
          prefix + "certificate",
          certificate.certificateFile() + " cannot be used for TLS: " + e.getMessage());
    }
  }

  /** The handler that terminates TLS on a new connection with these certificates. */
  ChannelHandler newHandler(ByteBufAllocator allocator) {
    return byServerName == null
        ? defaultContext.newHandler(allocator)
        : new SniHandler(byServerName);
  }

  /** The certificates, the default one first. */
  List<CertifiedKey> certificates() {
    return certificates;
  }

  /** Whether these are the certificates of {@code other}: same files, same bytes. */
  boolean sameAs(List<CertifiedKey> other) {
    return certificates.equals(other);
  }
}
