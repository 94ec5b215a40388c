package dev.roundhouse.proxy.config.admin;

import dev.roundhouse.proxy.admin.AdminResponse;
import dev.roundhouse.proxy.config.ConfigRevision;
import dev.roundhouse.proxy.config.ReloadOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the config endpoints. */
final class OutcomeJson {

  private OutcomeJson() {}

  /**
   * A reload's or rollback's answer: 200 when it went through or there was nothing to do, 422 when
   * the config could not be put in force (the old one still serves).
   */
  static AdminResponse response(ReloadOutcome outcome) {
    int status = outcome.result() == ReloadOutcome.Result.REJECTED ? 422 : 200;
    return AdminResponse.json(status, of(outcome));
  }

  /**
   * {@code {"result": "rejected", "revision": 3, "previousRevision": 3, "source": "file ...",
   * "message": "...", "problems": [{"path": "backends[1]", "message": "..."}]}}.
   */
  static Map<String, Object> of(ReloadOutcome outcome) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("result", outcome.result().label());
    json.put("revision", outcome.revision());
    json.put("previousRevision", outcome.previousRevision());
    json.put("source", outcome.origin());
    json.put("message", outcome.message());
    List<Map<String, String>> problems =
        outcome.problems().stream()
            .map(v -> Map.of("path", v.path(), "message", v.message()))
            .toList();
    json.put("problems", problems);
    return json;
  }

  /** {@code {"revision": 3, "time": "...", "source": "...", "active": true, "summary": "..."}}. */
  static Map<String, Object> of(ConfigRevision revision, boolean active) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("revision", revision.number());
    json.put("time", revision.acceptedAt().toString());
    json.put("source", revision.origin());
    json.put("active", active);
    json.put("summary", revision.summary());
    return json;
  }
}
