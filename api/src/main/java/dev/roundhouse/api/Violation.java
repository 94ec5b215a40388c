package dev.roundhouse.api;

import static java.util.Objects.requireNonNull;

/**
 * One problem with a config: where it is and what is wrong, e.g. {@code healthcheck.timeout: 15s
 * must be shorter than healthcheck.interval (10s)}.
 *
 * @param path where the problem is, in the config's own terms ({@code backends[1]}, {@code
 *     metrics.port}); empty for the document as a whole
 * @param message what is wrong, in plain words
 */
public record Violation(String path, String message) {

  /** Checks that both parts are present. */
  public Violation {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  /** The same problem, with its path under {@code prefix} (e.g. {@code spec}). */
  public Violation under(String prefix) {
    return new Violation(path.isEmpty() ? prefix : prefix + "." + path, message);
  }

  /** {@code path: message}, or the message alone for the whole document. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
