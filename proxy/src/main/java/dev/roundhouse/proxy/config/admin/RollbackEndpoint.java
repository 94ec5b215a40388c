package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.admin.AdminEndpoint;
import dev.roundhouse.proxy.admin.AdminRequest;
import dev.roundhouse.proxy.admin.AdminResponse;
import dev.roundhouse.proxy.config.ConfigReloader;
import dev.roundhouse.proxy.config.ReloadOutcome;
import dev.roundhouse.proxy.config.RollbackException;
import java.util.Optional;

/**
 * {@code POST /admin/rollback[?revision=K]}: re-applies the previous kept revision, or revision K.
 * 200 with the outcome; 400 for a K that is not a number; 404 for a K that is not kept; 409 when
 * there is nothing before the revision in force; 422 when the revision could not be put in force.
 * Wrap it with {@link BearerAuth}.
 */
public final class RollbackEndpoint implements AdminEndpoint {

  private final ConfigReloader reloader;

  /** Rolls back through {@code reloader}. */
  public RollbackEndpoint(ConfigReloader reloader) {
    this.reloader = requireNonNull(reloader, "reloader");
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    Optional<String> revision = request.queryParameter("revision");
    long number = 0;
    if (revision.isPresent()) {
      try {
        number = Long.parseLong(revision.get().strip());
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 1) {
        return AdminResponse.error(
            400, "revision must be a positive whole number, not \"" + revision.get() + "\"");
      }
    }
    try {
      ReloadOutcome outcome = number > 0 ? reloader.rollbackTo(number) : reloader.rollback();
      return OutcomeJson.response(outcome);
    } catch (RollbackException e) {
      int status = e.reason() == RollbackException.Reason.UNKNOWN_REVISION ? 404 : 409;
      return AdminResponse.error(status, e.getMessage());
    }
  }
}
