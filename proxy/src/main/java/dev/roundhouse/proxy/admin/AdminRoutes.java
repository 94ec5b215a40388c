package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The admin server's route table: an exact path and a method to a handler. Routes may be added
 * while the server runs (e.g. {@code POST /admin/reload} once config reloading is wired). An
 * unknown path gets 404, a known path with another method 405 with {@code Allow}; {@code HEAD} is
 * served by the {@code GET} handler.
 */
public final class AdminRoutes {

  private final Map<String, Map<HttpMethod, AdminHandler>> routes = new ConcurrentHashMap<>();

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException if {@code method path} already has a handler
   */
  public AdminRoutes add(HttpMethod method, String path, AdminHandler handler) {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("an admin path starts with /: " + path);
    }
    var methods = routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
    if (methods.putIfAbsent(method, handler) != null) {
      throw new IllegalArgumentException("admin route " + method + " " + path + " exists already");
    }
    return this;
  }

  /** Adds a {@code GET} (and {@code HEAD}) route. */
  public AdminRoutes get(String path, AdminHandler handler) {
    return add(HttpMethod.GET, path, handler);
  }

  /** Adds a {@code POST} route. */
  public AdminRoutes post(String path, AdminHandler handler) {
    return add(HttpMethod.POST, path, handler);
  }

  /** The paths served, sorted. */
  public java.util.SortedSet<String> paths() {
    return new TreeSet<>(routes.keySet());
  }

  /** Finds the handler of {@code request} and runs it; never fails: errors become statuses. */
  CompletionStage<AdminResponse> dispatch(AdminRequest request) {
    Map<HttpMethod, AdminHandler> methods = routes.get(request.path());
    if (methods == null) {
      return CompletableFuture.completedFuture(
          AdminResponse.text(
              404, "no admin endpoint " + request.path() + "; there are " + paths()));
    }
    HttpMethod method =
        request.method().equals(HttpMethod.HEAD) ? HttpMethod.GET : request.method();
    AdminHandler handler = methods.get(method);
    if (handler == null) {
      String allow =
          methods.keySet().stream()
              .map(HttpMethod::name)
              .sorted()
              .collect(Collectors.joining(", "));
      return CompletableFuture.completedFuture(
          AdminResponse.text(405, request.method() + " is not allowed on " + request.path())
              .withHeader("Allow", allow));
    }
    try {
      return handler.handle(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
