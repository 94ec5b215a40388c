package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the config endpoints need of an admin request.
 *
 * @param client who asked ({@code 10.0.0.7:53122}), for the log of refused requests
 * @param authorization the {@code Authorization} header, if sent
 * @param query the decoded query parameters
 */
public record ConfigAdminRequest(
    String client, Optional<String> authorization, Map<String, List<String>> query) {

  /** Checks and copies the parts. */
  public ConfigAdminRequest {
    requireNonNull(client, "client");
    requireNonNull(authorization, "authorization");
    query = Map.copyOf(requireNonNull(query, "query"));
  }

  /** The first value of query parameter {@code name}, if present. */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
