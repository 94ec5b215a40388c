package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;

/**
 * Who a client connection is, computed once when it opens.
 *
 * @param frontend the label of the frontend it came in on (name or port)
 * @param address the client's IP address ({@code ip-hash} keys on it)
 * @param ip the same, as text, for {@code X-Forwarded-For} and logs
 * @param scheme {@code http}, or {@code https} on a TLS frontend, for {@code X-Forwarded-Proto}
 */
public record ClientInfo(String frontend, InetAddress address, String ip, String scheme) {

  /** Checks the parts. */
  public ClientInfo {
    requireNonNull(frontend, "frontend");
    requireNonNull(address, "address");
    requireNonNull(ip, "ip");
    requireNonNull(scheme, "scheme");
  }
}
