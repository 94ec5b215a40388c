package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What an admin endpoint answers: plain text ({@link #text}) or JSON ({@link #json}, {@link
 * #error}), or anything else with its content type.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body the body
 * @param headers more response headers (e.g. {@code Allow}, {@code WWW-Authenticate})
 */
public record AdminResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {

  /** The content type of {@link #text}. */
  public static final String TEXT = "text/plain; charset=utf-8";

  /** The content type of {@link #json}. */
  public static final String JSON = "application/json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks the parts. */
  public AdminResponse {
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
  }

  /** A plain-text answer; a line break is added. */
  public static AdminResponse text(int status, String text) {
    return new AdminResponse(
        status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** {@code body} (records, maps, lists, strings, numbers) as indented JSON and a line break. */
  public static AdminResponse json(int status, Object body) {
    try {
      byte[] json = (MAPPER.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
      return new AdminResponse(status, JSON, json, Map.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write an admin response", e);
    }
  }

  /** {@code {"error": message}}. */
  public static AdminResponse error(int status, String message) {
    return json(status, Map.of("error", message));
  }

  /** The same answer with one more header. */
  public AdminResponse withHeader(String name, String value) {
    Map<String, String> more = new HashMap<>(headers);
    more.put(name, value);
    return new AdminResponse(status, contentType, body, more);
  }
}
