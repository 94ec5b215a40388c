package dev.roundhouse.api;

import java.util.List;
import java.util.stream.Collectors;

/** A config was rejected. Carries every problem found, not only the first. */
public final class InvalidConfigException extends Exception {

  private final transient List<Violation> violations;

  /** A rejection for these problems; there is at least one. */
  public InvalidConfigException(List<Violation> violations) {
    super(describe(violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid config has at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  /** Every problem found, in document order. */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    String lines = violations.stream().map(Violation::toString).collect(Collectors.joining("\n  "));
    return (violations.size() == 1
            ? "invalid config: "
            : violations.size() + " problems in config:\n  ")
        + lines;
  }
}
