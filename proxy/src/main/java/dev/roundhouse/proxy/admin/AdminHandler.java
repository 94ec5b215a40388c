package dev.roundhouse.proxy.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One admin endpoint. It runs on the admin server's event loop: a quick one answers at once with
 * {@link #of}; one that waits (a reload) returns a stage completed later from another thread.
 */
@FunctionalInterface
public interface AdminHandler {

  /** Answers {@code request}; an exception (thrown or in the stage) becomes a 500. */
  CompletionStage<AdminResponse> handle(AdminRequest request);

  /** An endpoint that answers synchronously. */
  static AdminHandler of(java.util.function.Function<AdminRequest, AdminResponse> endpoint) {
    return request -> CompletableFuture.completedFuture(endpoint.apply(request));
  }
}
