package dev.roundhouse.proxy.config.admin;

import dev.roundhouse.proxy.admin.AdminRoutes;
import dev.roundhouse.proxy.config.ConfigReloader;

/**
 * Installs the config endpoints in the admin server's route table, all as blocking routes: a reload
 * waits for the reloader and binds ports; the listing waits for a reload that runs.
 *
 * <ul>
 *   <li>{@code GET /admin/revisions}: open, see {@link RevisionsEndpoint};
 *   <li>{@code POST /admin/reload}: behind the token, see {@link ReloadEndpoint};
 *   <li>{@code POST /admin/rollback[?revision=K]}: behind the token, see {@link RollbackEndpoint}.
 * </ul>
 */
public final class ConfigAdminEndpoints {

  /** The path of the revision listing. */
  public static final String REVISIONS_PATH = "/admin/revisions";

  /** The path of a reload. */
  public static final String RELOAD_PATH = "/admin/reload";

  /** The path of a rollback. */
  public static final String ROLLBACK_PATH = "/admin/rollback";

  private ConfigAdminEndpoints() {}

  /**
   * Adds the endpoints over {@code reloader} to {@code routes}, the state-changing ones guarded by
   * {@code auth}.
   */
  public static AdminRoutes install(AdminRoutes routes, ConfigReloader reloader, BearerAuth auth) {
    return routes
        .getBlocking(REVISIONS_PATH, new RevisionsEndpoint(reloader))
        .postBlocking(
            RELOAD_PATH, auth.protect("POST " + RELOAD_PATH, new ReloadEndpoint(reloader)))
        .postBlocking(
            ROLLBACK_PATH, auth.protect("POST " + ROLLBACK_PATH, new RollbackEndpoint(reloader)));
  }
}
