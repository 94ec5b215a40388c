package dev.roundhouse.operator.revision;

import java.util.OptionalLong;

/**
 * Which revision is in force after the history recorded the spec, and how it came to be.
 *
 * @param number the revision number now in force
 * @param created whether a new ControllerRevision was made for a spec never seen before
 * @param reusedFrom the number an existing revision with the same content had before it was
 *     renumbered to {@code number} (a rollback, or a spec edited back to an earlier one)
 */
public record RevisionInForce(long number, boolean created, OptionalLong reusedFrom) {}
