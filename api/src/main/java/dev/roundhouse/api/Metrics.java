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
        Integer port) {

  /** The admin port used when none is configured. */
  public static final int DEFAULT_PORT = 9090;

  /** The settings used when the config has no {@code metrics} section. */
  public static final Metrics DEFAULTS = new Metrics(null, null);

  /** Fills in the documented defaults. */
  public Metrics {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    port = port != null ? port : DEFAULT_PORT;
  }
}
