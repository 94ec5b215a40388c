package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an admin endpoint answers.
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

  /** A JSON answer. */
  public static AdminResponse json(int status, byte[] json) {
    return new AdminResponse(status, JSON, json, Map.of());
  }

  /** The same answer with one more header. */
  public AdminResponse withHeader(String name, String value) {
    var more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new AdminResponse(status, contentType, body, more);
  }
}
