package dev.roundhouse.proxy.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The last few accepted configs, oldest first, for local rollback ({@code --revision-history}).
 *
 * <p>Ordered by acceptance, not by number: "the previous revision" is the one accepted before,
 * whatever numbers the sources gave. Not thread-safe; the {@link ConfigReloader} guards it.
 */
public final class ConfigRevisionHistory {

  /** How many accepted configs are kept when {@code --revision-history} is not given. */
  public static final int DEFAULT_LIMIT = 10;

  private final int limit;
  private final Deque<ConfigRevision> revisions = new ArrayDeque<>();

  /** A history that keeps at most {@code limit} revisions, at least 1. */
  public ConfigRevisionHistory(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("--revision-history must be at least 1, not " + limit);
    }
    this.limit = limit;
  }

  /**
   * Records a newly accepted revision as the newest. One with the same number is replaced (a source
   * that reuses a number means the same revision); the oldest is dropped beyond the limit.
   */
  public void add(ConfigRevision revision) {
    requireNonNull(revision, "revision");
    revisions.removeIf(r -> r.number() == revision.number());
    revisions.addLast(revision);
    while (revisions.size() > limit) {
      revisions.removeFirst();
    }
  }

  /** The revision with this number, if it is still kept. */
  public Optional<ConfigRevision> find(long number) {
    return revisions.stream().filter(r -> r.number() == number).findFirst();
  }

  /** The revision accepted just before the one numbered {@code number}, if it is still kept. */
  public Optional<ConfigRevision> before(long number) {
    ConfigRevision previous = null;
    for (Iterator<ConfigRevision> it = revisions.iterator(); it.hasNext(); ) {
      ConfigRevision r = it.next();
      if (r.number() == number) {
        return Optional.ofNullable(previous);
      }
      previous = r;
    }
    return Optional.empty();
  }

  /** The highest number kept, 0 when empty. */
  public long highestNumber() {
    return revisions.stream().mapToLong(ConfigRevision::number).max().orElse(0);
  }

  /** Every kept revision, oldest first. */
  public List<ConfigRevision> list() {
    return List.copyOf(new ArrayList<>(revisions));
  }

  /** The kept numbers, oldest first, for messages: {@code 3, 4, 5}. */
  public String numbers() {
    return revisions.isEmpty()
        ? "none"
        : revisions.stream().map(r -> String.valueOf(r.number())).collect(Collectors.joining(", "));
  }
}
