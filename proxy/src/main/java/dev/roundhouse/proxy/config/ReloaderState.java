package dev.roundhouse.proxy.config;

import java.util.Optional;

/**
 * The reloader's state for {@code /status}: which revision serves, whether an admin pinned it by a
 * rollback, and the last rejection.
 *
 * @param active the revision in force; empty until the first config is accepted
 * @param rolledBack whether {@code active} was put in force by a rollback and stays until the
 *     source's content changes
 * @param lastRejection the most recent refused config, kept after later successes (compare its time
 *     with {@code active}'s); empty if none was ever refused
 */
public record ReloaderState(
    Optional<ConfigRevision> active, boolean rolledBack, Optional<Rejection> lastRejection) {}
