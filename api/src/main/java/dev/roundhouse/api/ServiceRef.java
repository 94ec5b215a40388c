package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A Kubernetes Service whose endpoints (read from its EndpointSlices) are the backends.
 *
 * @param name the Service's name, in the proxy's namespace (the {@code LoadBalancer}'s)
 * @param port the Service port, by number or by name; each endpoint is reached on the target port
 *     its EndpointSlice gives for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceRef(
    @JsonPropertyDescription(
            "Name of a Service in the LoadBalancer's namespace; the proxy balances over its ready endpoints, read from its EndpointSlices.")
        @Required
        @Size(max = 63)
        @Pattern(DNS_LABEL)
        String name,
    @JsonPropertyDescription(
            "The Service's port, by name (http) or number (8080); each endpoint is reached on the port its EndpointSlice gives under that name.")
        @Required
        @SchemaFrom(type = IntOrString.class)
        PortRef port) {

  /** An RFC 1035 label, as a Service name must be. */
  public static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** {@code name:port}, as in log lines and the {@code /status} page. */
  @Override
  public String toString() {
    return name + ":" + port;
  }
}
