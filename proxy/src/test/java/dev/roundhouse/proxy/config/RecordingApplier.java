package dev.roundhouse.proxy.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every revision it was asked to apply; fails when told to. */
public final class RecordingApplier implements ConfigApplier {

  public final List<ConfigRevision> applied = new CopyOnWriteArrayList<>();
  public volatile String failWith;

  @Override
  public String apply(ConfigRevision revision) throws ApplyException {
    if (failWith != null) {
      throw new ApplyException(failWith);
    }
    applied.add(revision);
    return "applied " + revision.summary();
  }

  public List<Long> numbers() {
    return applied.stream().map(ConfigRevision::number).toList();
  }
}
