package dev.roundhouse.operator.rollout;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.HealthCheck;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The health check of a backend, as the proxy runs it ({@code GET path}, healthy on 2xx or 3xx
 * within the timeout; https with the JDK's trust store), run by the operator over the JDK's HTTP
 * client. Asynchronous: no thread waits for an answer.
 */
public final class BackendProbes {

  private final HttpClient client;

  /** Probes sent through {@code client}, which must not follow redirects (a 3xx is healthy). */
  public BackendProbes(HttpClient client) {
    this.client = requireNonNull(client, "client");
  }

  /** Probes sent through a new HTTP/1.1 client of the JDK. */
  public static BackendProbes create() {
    return new BackendProbes(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /** Checks each of {@code backends} at once; the outcomes in the same order. */
  public CompletableFuture<List<ProbeOutcome>> checkAll(List<Backend> backends, HealthCheck check) {
    List<CompletableFuture<ProbeOutcome>> checks =
        backends.stream().map(b -> check(b, check)).toList();
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> checks.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Checks {@code backend} with {@code check}'s path and timeout; never completes exceptionally.
   */
  public CompletableFuture<ProbeOutcome> check(Backend backend, HealthCheck check) {
    String address = backend.address();
    Duration timeout = check.timeout();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(address + check.path()))
            .timeout(timeout)
            .header("User-Agent", "roundhouse-operator rollout gate")
            .GET()
            .build();
    try {
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .handle(
              (response, error) ->
                  error == null
                      ? new ProbeOutcome(
                          address,
                          response.statusCode() >= 200 && response.statusCode() < 400,
                          "HTTP " + response.statusCode() + " on " + check.path())
                      : new ProbeOutcome(address, false, why(error, timeout)));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new ProbeOutcome(address, false, e.getMessage()));
    }
  }

  private static String why(Throwable error, Duration timeout) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpTimeoutException
        || cause instanceof HttpConnectTimeoutException
        || cause instanceof TimeoutException) {
      return "timed out after " + GoDuration.format(timeout);
    }
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return "connection refused";
      }
      if (c instanceof UnknownHostException) {
        return "unknown host";
      }
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
