package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The admin server's one route table: an exact path and a method to an {@link AdminEndpoint}. An
 * unknown path gets 404, a known path with another method 405 with {@code Allow}; {@code HEAD} is
 * served by the {@code GET} endpoint. Routes may be added while the server runs.
 *
 * <p>A route added as blocking ({@link #getBlocking}, {@link #postBlocking}) runs on the blocking
 * executor, never on the admin server's event loop: a reload waits for the reloader, binds ports,
 * and may move the admin server itself to another port, which needs that event loop free. The
 * others answer at once on the event loop.
 */
public final class AdminRoutes {

  private record Route(AdminEndpoint endpoint, boolean blocking) {}

  private final Executor blocking;
  private final Map<String, Map<HttpMethod, Route>> routes = new ConcurrentHashMap<>();

  /** An empty table whose blocking routes run on {@code blocking}. */
  public AdminRoutes(Executor blocking) {
    this.blocking = requireNonNull(blocking, "blocking");
  }

  /** Adds a {@code GET} (and {@code HEAD}) route that answers at once. */
  public AdminRoutes get(String path, AdminEndpoint endpoint) {
    return add(HttpMethod.GET, path, endpoint, false);
  }

  /** Adds a {@code POST} route that answers at once. */
  public AdminRoutes post(String path, AdminEndpoint endpoint) {
    return add(HttpMethod.POST, path, endpoint, false);
  }

  /** Adds a {@code GET} (and {@code HEAD}) route that may block. */
  public AdminRoutes getBlocking(String path, AdminEndpoint endpoint) {
    return add(HttpMethod.GET, path, endpoint, true);
  }

  /** Adds a {@code POST} route that may block. */
  public AdminRoutes postBlocking(String path, AdminEndpoint endpoint) {
    return add(HttpMethod.POST, path, endpoint, true);
  }

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException if {@code method path} already has an endpoint
   */
  private AdminRoutes add(
      HttpMethod method, String path, AdminEndpoint endpoint, boolean mayBlock) {
    requireNonNull(path, "path");
    requireNonNull(endpoint, "endpoint");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("an admin path starts with /: " + path);
    }
    var methods = routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
    if (methods.putIfAbsent(method, new Route(endpoint, mayBlock)) != null) {
      throw new IllegalArgumentException("admin route " + method + " " + path + " exists already");
    }
    return this;
  }

  /** The paths served, sorted. */
  public SortedSet<String> paths() {
    return new TreeSet<>(routes.keySet());
  }

  /**
   * Finds the endpoint of {@code request} and runs it where its route says; never fails: errors
   * become statuses, an exception a failed stage (a 500).
   */
  public CompletionStage<AdminResponse> dispatch(AdminRequest request) {
    Map<HttpMethod, Route> methods = routes.get(request.path());
    if (methods == null) {
      return CompletableFuture.completedFuture(
          AdminResponse.text(
              404, "no admin endpoint " + request.path() + "; there are " + paths()));
    }
    HttpMethod method =
        request.method().equals(HttpMethod.HEAD) ? HttpMethod.GET : request.method();
    Route route = methods.get(method);
    if (route == null) {
      String allow =
          methods.keySet().stream()
              .map(HttpMethod::name)
              .sorted()
              .collect(Collectors.joining(", "));
      return CompletableFuture.completedFuture(
          AdminResponse.text(405, request.method() + " is not allowed on " + request.path())
              .withHeader("Allow", allow));
    }
    if (route.blocking()) {
      // A rejected task (the executor is shut down) fails the stage: the client gets a 500.
      return CompletableFuture.supplyAsync(() -> route.endpoint().handle(request), blocking);
    }
    try {
      return CompletableFuture.completedFuture(route.endpoint().handle(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
