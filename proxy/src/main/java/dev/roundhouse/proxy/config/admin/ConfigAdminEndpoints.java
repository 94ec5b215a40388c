package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.config.ConfigReloader;

/**
 * The three config endpoints, assembled: what the wiring adds to the admin server's routes.
 *
 * @param revisions {@code GET /admin/revisions}, open
 * @param reload {@code POST /admin/reload}, behind the token
 * @param rollback {@code POST /admin/rollback}, behind the token
 */
public record ConfigAdminEndpoints(
    ConfigAdminEndpoint revisions, ConfigAdminEndpoint reload, ConfigAdminEndpoint rollback) {

  /** The path of {@link #revisions}. */
  public static final String REVISIONS_PATH = "/admin/revisions";

  /** The path of {@link #reload}. */
  public static final String RELOAD_PATH = "/admin/reload";

  /** The path of {@link #rollback}. */
  public static final String ROLLBACK_PATH = "/admin/rollback";

  /** Checks the parts. */
  public ConfigAdminEndpoints {
    requireNonNull(revisions, "revisions");
    requireNonNull(reload, "reload");
    requireNonNull(rollback, "rollback");
  }

  /** The endpoints over {@code reloader}, the state-changing ones guarded by {@code auth}. */
  public static ConfigAdminEndpoints of(ConfigReloader reloader, BearerAuth auth) {
    return new ConfigAdminEndpoints(
        new RevisionsEndpoint(reloader),
        auth.protect("POST " + RELOAD_PATH, new ReloadEndpoint(reloader)),
        auth.protect("POST " + ROLLBACK_PATH, new RollbackEndpoint(reloader)));
  }
}
