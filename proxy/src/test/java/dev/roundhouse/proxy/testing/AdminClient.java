package dev.roundhouse.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.proxy.metrics.Scrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Talks to a proxy's admin server on 127.0.0.1: {@code /readyz}, {@code /status}, {@code /metrics},
 * and the admin actions with or without a token. Failures are unchecked, and a server that does not
 * answer reads as status -1 where a status is asked, so that tests await conditions on it.
 */
public final class AdminClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** A client of the admin server on {@code port}. */
  public AdminClient(int port) {
    this.port = port;
  }

  /** An answer: status and body. */
  public record Answer(int status, String body) {
    /** The body as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  /** The status of {@code GET /readyz}, or -1 if the server does not answer. */
  public int readyz() {
    try {
      return get("/readyz").status();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  /** {@code GET /status} as JSON. */
  public JsonNode status() {
    return get("/status").json();
  }

  /** The {@code /status} entry of the backend at {@code url}, or a missing node. */
  public JsonNode backend(String url) {
    for (JsonNode backend : status().get("backends")) {
      if (backend.get("url").asText().equals(url)) {
        return backend;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** {@code GET /metrics}, parsed. */
  public Scrape metrics() {
    Answer answer = get("/metrics");
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "/metrics answered " + answer.status() + ": " + answer.body());
    }
    return Scrape.parse(answer.body());
  }

  /** {@code GET path}. */
  public Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** {@code POST path} with {@code Authorization: Bearer token} (none if {@code token} is null). */
  public Answer post(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("admin server on port " + port + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
