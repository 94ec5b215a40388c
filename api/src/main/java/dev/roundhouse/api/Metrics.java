package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The admin server: Prometheus metrics, health endpoints and status.
 *
 * @param enabled whether {@code /metrics} is served; the health and status endpoints are served
 *     either way (default true)
 * @param port the admin server's port (default 9090)
 * @param address the IP address the admin server listens on (default {@code 0.0.0.0}, every IPv4
 *     interface); {@code 127.0.0.1} keeps it on the host
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Metrics(
    @JsonPropertyDescription(
            "Whether /metrics is served. /healthz, /readyz and /status are served on the port either way. Default true.")
        Boolean enabled,
    @JsonPropertyDescription(
            "Port of the admin server (/metrics, /healthz, /readyz, /status). Default 9090.")
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "IP address the admin server listens on: 0.0.0.0 (every IPv4 interface, the default),"
                + " :: (every interface) or one address, e.g. 127.0.0.1 to keep /metrics, /status"
                + " and the config endpoints on the host. In Kubernetes it must be 0.0.0.0 or ::,"
                + " since the kubelet's probes and Prometheus reach the pod's IP.")
        String address) {

  /** The admin port used when none is configured. */
  public static final int DEFAULT_PORT = 9090;

  /** The admin address used when none is configured: every IPv4 interface. */
  public static final String DEFAULT_ADDRESS = "0.0.0.0";

  /** The settings used when the config has no {@code metrics} section. */
  public static final Metrics DEFAULTS = new Metrics(null, null, null);

  /** Fills in the documented defaults. */
  public Metrics {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    port = port != null ? port : DEFAULT_PORT;
    address = address != null ? address : DEFAULT_ADDRESS;
  }

  /** These settings on the default address. */
  public Metrics(Boolean enabled, Integer port) {
    this(enabled, port, null);
  }

  /** Whether the admin server listens on every interface, as it must where probes reach it. */
  public boolean listensEverywhere() {
    return address.equals("0.0.0.0") || address.equals("::");
  }
}
