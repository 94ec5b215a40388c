package dev.roundhouse.proxy.admin;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.proxy.backend.BackendState;
import java.util.List;

/** A {@link StatusSource} that reports what it was given. */
record FixedStatus(long revision, List<Frontend> frontends, List<BackendState> backends)
    implements StatusSource {}
