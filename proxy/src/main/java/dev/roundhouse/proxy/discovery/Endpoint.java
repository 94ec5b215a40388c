package dev.roundhouse.proxy.discovery;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One address of a dynamic backend.
 *
 * @param host an IP address (or, for a static name, a host name)
 * @param port the port requests go to there
 * @param pod the pod behind it, from the EndpointSlice's {@code targetRef}; null if none
 * @param zone its zone, from the EndpointSlice; null if none
 * @param readiness whether it takes new requests
 */
public record Endpoint(
    String host, int port, @Nullable String pod, @Nullable String zone, Readiness readiness) {

  /** Whether an endpoint takes new requests, as its EndpointSlice conditions say. */
  public enum Readiness {
    /** Ready: takes new requests. */
    READY,
    /**
     * Serving but terminating (its pod is shutting down): takes new requests only when no endpoint
     * of its backend is ready, as kube-proxy does.
     */
    TERMINATING,
    /** Neither: takes no new requests. */
    NOT_READY
  }

  /** Checks the parts. */
  public Endpoint {
    requireNonNull(host, "host");
    requireNonNull(readiness, "readiness");
  }

  /** A ready endpoint with no pod or zone: an address a name resolved to. */
  public static Endpoint ready(String host, int port) {
    return new Endpoint(host, port, null, null, Readiness.READY);
  }

  /** {@code host:port}, an IPv6 host in brackets. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
