package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A config endpoint's answer: a status, a JSON body ({@code application/json}) and maybe headers.
 *
 * @param status the HTTP status
 * @param json the body
 * @param headers more response headers, e.g. {@code WWW-Authenticate}
 */
public record ConfigAdminResponse(int status, String json, Map<String, String> headers) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks and copies the parts. */
  public ConfigAdminResponse {
    requireNonNull(json, "json");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
  }

  /** {@code body} (maps, lists, strings, numbers) written as JSON. */
  public static ConfigAdminResponse of(int status, Object body) {
    try {
      return new ConfigAdminResponse(status, JSON.writeValueAsString(body) + "\n", Map.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write an admin response", e);
    }
  }

  /** {@code {"error": message}}. */
  public static ConfigAdminResponse error(int status, String message) {
    return of(status, Map.of("error", message));
  }

  /** The same answer with one more header. */
  public ConfigAdminResponse withHeader(String name, String value) {
    var more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new ConfigAdminResponse(status, json, more);
  }
}
