package dev.roundhouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.config.admin.ConfigAdminEndpoint;
import dev.roundhouse.proxy.config.admin.ConfigAdminEndpoints;
import dev.roundhouse.proxy.config.admin.ConfigAdminRequest;
import dev.roundhouse.proxy.config.admin.ConfigAdminResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Puts the config endpoints ({@code GET /admin/revisions}, {@code POST /admin/reload}, {@code POST
 * /admin/rollback}) into the admin server's route table.
 *
 * <p>They run on {@code executor}, never on the admin server's event loop: a reload waits for the
 * reloader, binds ports, and may move the admin server itself to another port, which needs that
 * event loop free. The listing runs there too, since it waits for a reload that runs.
 */
public final class ConfigActionRoutes {

  private ConfigActionRoutes() {}

  /** Adds the three endpoints to {@code routes}, running them on {@code executor}. */
  public static AdminRoutes install(
      AdminRoutes routes, ConfigAdminEndpoints endpoints, Executor executor) {
    requireNonNull(executor, "executor");
    return routes
        .get(ConfigAdminEndpoints.REVISIONS_PATH, offLoop(endpoints.revisions(), executor))
        .post(ConfigAdminEndpoints.RELOAD_PATH, offLoop(endpoints.reload(), executor))
        .post(ConfigAdminEndpoints.ROLLBACK_PATH, offLoop(endpoints.rollback(), executor));
  }

  private static AdminHandler offLoop(ConfigAdminEndpoint endpoint, Executor executor) {
    requireNonNull(endpoint, "endpoint");
    return request -> {
      ConfigAdminRequest asked =
          new ConfigAdminRequest(
              request.client(),
              Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION)),
              request.query());
      // A rejected task (the executor is shut down) fails the stage: the client gets a 500.
      return CompletableFuture.supplyAsync(() -> answer(endpoint.handle(asked)), executor);
    };
  }

  private static AdminResponse answer(ConfigAdminResponse response) {
    AdminResponse answer =
        AdminResponse.json(response.status(), response.json().getBytes(StandardCharsets.UTF_8));
    for (var header : response.headers().entrySet()) {
      answer = answer.withHeader(header.getKey(), header.getValue());
    }
    return answer;
  }
}
