package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * One line of {@code GET /admin/revisions}: a kept revision and whether it is the one in force.
 *
 * @param revision the kept revision
 * @param active whether it serves now
 */
public record KeptRevision(ConfigRevision revision, boolean active) {

  /** Checks that the revision is present. */
  public KeptRevision {
    requireNonNull(revision, "revision");
  }
}
