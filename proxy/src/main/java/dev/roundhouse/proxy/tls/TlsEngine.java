package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.TlsVersion;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS implementation of the frontends: OpenSSL (BoringSSL, through netty-tcnative) where its
 * native library loads, which does handshakes with less CPU; else the JDK's. Chosen once, when the
 * first TLS frontend is set up, and logged; {@code -Dio.netty.handler.ssl.noOpenSsl=true} forces
 * the JDK's.
 *
 * @param provider the implementation
 * @param description what was chosen and why, for the startup log
 */
public record TlsEngine(SslProvider provider, String description) {

  /** Checks the parts. */
  public TlsEngine {
    requireNonNull(provider, "provider");
    requireNonNull(description, "description");
  }

  /** OpenSSL if it loads here, else the JDK's TLS. */
  public static TlsEngine detect() {
    if (OpenSsl.isAvailable()) {
      return new TlsEngine(
          SslProvider.OPENSSL, "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)");
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    return new TlsEngine(
        SslProvider.JDK,
        "the JDK's (OpenSSL through netty-tcnative did not load: "
            + (cause == null ? "unknown reason" : cause.getMessage())
            + ")");
  }

  /** The JDK's TLS, whatever loads. */
  public static TlsEngine jdk() {
    return new TlsEngine(SslProvider.JDK, "the JDK's");
  }

  /** {@code OpenSSL} or {@code JDK}: the {@code engine} label of metrics and {@code /status}. */
  public String label() {
    return provider == SslProvider.JDK ? "JDK" : "OpenSSL";
  }

  /**
   * A server context presenting {@code certificate}, accepting {@code minVersion} and newer, and
   * offering {@code http/1.1} by ALPN.
   */
  public SslContext serverContext(CertifiedKey certificate, TlsVersion minVersion)
      throws SSLException {
    List<String> protocols =
        minVersion == TlsVersion.TLS_1_3 ? List.of("TLSv1.3") : List.of("TLSv1.3", "TLSv1.2");
    return SslContextBuilder.forServer(
            certificate.key(), certificate.chain().toArray(new X509Certificate[0]))
        .sslProvider(provider)
        .protocols(protocols)
        .applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_1_1))
        .build();
  }
}
