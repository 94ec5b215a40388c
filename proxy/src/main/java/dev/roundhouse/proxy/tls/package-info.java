/**
 * TLS termination on frontends: the certificates and keys read from PEM files ({@link PemFiles},
 * {@link CertifiedKey}), the engine that speaks TLS ({@link TlsEngine}: OpenSSL through
 * netty-tcnative where it loads, else the JDK's), each TLS frontend's certificates in force ({@link
 * TlsTermination}, choosing by SNI), and their rotation: {@link FrontendCertificates} watches the
 * files and swaps in a new certificate for new handshakes, keeping the old one when the new one is
 * bad.
 */
@NullMarked
package dev.roundhouse.proxy.tls;

import org.jspecify.annotations.NullMarked;
