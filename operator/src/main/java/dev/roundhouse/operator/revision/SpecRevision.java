package dev.roundhouse.operator.revision;

import static java.util.Objects.requireNonNull;

/**
 * One stored spec of a {@code LoadBalancer}, as held by a ControllerRevision.
 *
 * @param number the revision number, 1, 2, 3...; the highest is the one in force
 * @param name the ControllerRevision's name
 * @param content the spec it holds
 */
public record SpecRevision(long number, String name, SpecContent content) {

  /** Checks the parts are present. */
  public SpecRevision {
    requireNonNull(name, "name");
    requireNonNull(content, "content");
  }
}
