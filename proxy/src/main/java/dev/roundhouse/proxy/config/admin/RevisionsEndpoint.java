package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.admin.AdminEndpoint;
import dev.roundhouse.proxy.admin.AdminRequest;
import dev.roundhouse.proxy.admin.AdminResponse;
import dev.roundhouse.proxy.config.ConfigReloader;
import dev.roundhouse.proxy.config.ConfigRevision;
import dev.roundhouse.proxy.config.ReloaderState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/revisions}: the kept revisions, oldest first, the one in force marked. Open to
 * all, like {@code /status}: it shows numbers, times and sources, not the configs.
 *
 * <pre>{@code
 * {"active": 2, "rolledBack": true,
 *  "revisions": [{"revision": 1, "time": "2026-11-24T10:00:00Z", "source": "file /etc/rh.yaml",
 *                 "active": false, "summary": "1 frontend, 2 backends, round-robin"}, ...]}
 * }</pre>
 */
public final class RevisionsEndpoint implements AdminEndpoint {

  private final ConfigReloader reloader;

  /** Lists the revisions {@code reloader} keeps. */
  public RevisionsEndpoint(ConfigReloader reloader) {
    this.reloader = requireNonNull(reloader, "reloader");
  }

  @Override
  public AdminResponse handle(AdminRequest request) {
    ReloaderState status = reloader.status();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("active", status.active().map(ConfigRevision::number).orElse(0L));
    json.put("rolledBack", status.rolledBack());
    json.put(
        "revisions",
        reloader.revisions().stream().map(e -> OutcomeJson.of(e.revision(), e.active())).toList());
    return AdminResponse.json(200, json);
  }
}
