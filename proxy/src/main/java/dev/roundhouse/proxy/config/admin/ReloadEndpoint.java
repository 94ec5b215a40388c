package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.admin.AdminEndpoint;
import dev.roundhouse.proxy.admin.AdminRequest;
import dev.roundhouse.proxy.admin.AdminResponse;
import dev.roundhouse.proxy.config.ConfigReloader;

/**
 * {@code POST /admin/reload}: re-reads the config source now and answers with the outcome (200
 * accepted or unchanged, 422 rejected with every problem). Wrap it with {@link BearerAuth}.
 */
public final class ReloadEndpoint implements AdminEndpoint {

  private final ConfigReloader reloader;

  /** Reloads through {@code reloader}. */
  public ReloadEndpoint(ConfigReloader reloader) {
    this.reloader = requireNonNull(reloader, "reloader");
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    return OutcomeJson.response(reloader.reloadNow());
  }
}
