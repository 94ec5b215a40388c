package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.revision.SpecRevision;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What came of a {@code roundhouse.dev/rollback-to} request ({@link RollbackHandler}): the spec was
 * restored, or the request named a revision that is not kept, or no number at all. Each carries the
 * resource as it is after the request was handled (the annotation removed either way).
 */
sealed interface RollbackResult {

  /** The resource after the request was handled. */
  LoadBalancer resource();

  /** The spec of revision {@code from} was written back into the resource. */
  record Restored(LoadBalancer resource, SpecRevision from) implements RollbackResult {
    public Restored {
      requireNonNull(resource, "resource");
      requireNonNull(from, "from");
    }
  }

  /** A request that changed no spec: the {@code Rollback} condition's reason, and why. */
  sealed interface Failed extends RollbackResult {
    /** The revision the annotation asked for. */
    String requested();

    /** The {@code Rollback} condition's reason. */
    String reason();

    /** Why nothing was restored, for a human. */
    String why();
  }

  /** Revision {@code number} is not in the history, which keeps {@code kept}. */
  record NotKept(LoadBalancer resource, long number, List<Long> kept) implements Failed {
    public NotKept {
      requireNonNull(resource, "resource");
      kept = List.copyOf(kept);
    }

    @Override
    public String requested() {
      return Long.toString(number);
    }

    @Override
    public String reason() {
      return "RevisionNotFound";
    }

    @Override
    public String why() {
      return "revision "
          + number
          + " is not in the history (kept: "
          + kept.stream().map(String::valueOf).collect(Collectors.joining(", "))
          + "); the spec was not changed";
    }
  }

  /** The annotation's value, {@code requested}, is not a revision number. */
  record NotANumber(LoadBalancer resource, String requested) implements Failed {
    public NotANumber {
      requireNonNull(resource, "resource");
      requireNonNull(requested, "requested");
    }

    @Override
    public String reason() {
      return "InvalidRevision";
    }

    @Override
    public String why() {
      return LoadBalancer.ROLLBACK_TO_ANNOTATION
          + " must be a revision number, not \""
          + requested
          + "\"; the spec was not changed";
    }
  }
}
