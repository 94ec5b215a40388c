package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A port the load balancer listens on. All frontends share the backends and the algorithm.
 *
 * @param port the TCP port to listen on, 1 to 65535
 * @param name an optional name used as the {@code frontend} label of metrics and in the access log;
 *     the port number when absent
 * @param maxConnections how many client connections this frontend serves at once; past it the
 *     frontend stops accepting until one closes (the kernel's backlog holds the newcomers), like a
 *     HAProxy frontend's {@code maxconn}. No limit when absent (the global {@code
 *     limits.maxConnections} still applies)
 * @param tls TLS termination: the frontend speaks HTTPS; plain HTTP when absent
 * @param redirectToHttps the port of a TLS frontend that every request to this one is redirected to
 *     (308, path and query kept), never reaching a backend; no redirect when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Frontend(
    @JsonPropertyDescription(
            "TCP port to listen on (1-65535). Ports must be distinct and differ from metrics.port.")
        @Required
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "Optional name of this frontend, used as the `frontend` label in metrics and the access log. Defaults to the port number.")
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @Size(max = Frontend.MAX_NAME_LENGTH)
        String name,
    @JsonPropertyDescription(
            "How many client connections this frontend serves at once; past it the frontend stops accepting until one closes (newcomers wait in the kernel's backlog), like a HAProxy frontend's `maxconn`. No limit when absent; limits.maxConnections still applies.")
        @Min(1)
        Integer maxConnections,
    @JsonPropertyDescription(
            "TLS termination: the frontend speaks HTTPS with these certificates, and HTTP to the backends. Plain HTTP when absent.")
        FrontendTls tls,
    @JsonPropertyDescription(
            "The port of a TLS frontend of this load balancer: every request to this frontend is answered 308 with the same host, path and query on https and that port, and never reaches a backend.")
        @Min(1)
        @Max(65535)
        Integer redirectToHttps) {

  /**
   * The longest name: a frontend's name is also its Service port's name, a DNS label. The bound
   * also keeps the CRD's CEL rule comparing names within the API server's cost budget.
   */
  public static final int MAX_NAME_LENGTH = 63;

  /** A frontend on {@code port} called {@code name} (null: unnamed), without a connection limit. */
  public Frontend(Integer port, String name) {
    this(port, name, null);
  }

  /** A plain HTTP frontend with a connection limit (null: none). */
  public Frontend(Integer port, String name, Integer maxConnections) {
    this(port, name, maxConnections, null, null);
  }

  /** The same frontend with TLS termination {@code tls} (null: plain HTTP). */
  public Frontend withTls(FrontendTls tls) {
    return new Frontend(port, name, maxConnections, tls, redirectToHttps);
  }

  /** The same frontend redirecting every request to the TLS frontend on {@code port}. */
  public Frontend withRedirectToHttps(Integer port) {
    return new Frontend(this.port, name, maxConnections, tls, port);
  }

  /** A frontend on {@code port}, unnamed. */
  public static Frontend onPort(int port) {
    return new Frontend(port, null);
  }

  /** The label that names this frontend in metrics and logs: its name, or else its port. */
  public String label() {
    return name != null ? name : String.valueOf(port);
  }
}
