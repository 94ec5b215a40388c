package dev.roundhouse.operator.revision;

import java.util.OptionalLong;

/**
 * The outcome of recording the spec in force.
 *
 * @param number the revision number now in force
 * @param created whether a new ControllerRevision was made for a spec never seen before
 * @param reusedFrom the number an existing revision with the same content had before it was
 *     renumbered to {@code number} (a rollback, or a spec edited back to an earlier one)
 */
public record Recorded(long number, boolean created, OptionalLong reusedFrom) {

  /** Whether the revision in force changed: a new spec, or an earlier one brought back. */
  public boolean changed() {
    return created || reusedFrom.isPresent();
  }
}
