package dev.roundhouse.proxy.config;

/**
 * A valid config could not be put in force, e.g. a new frontend port is already in use. The message
 * says what and why in plain words; the reloader reports it as a rejection.
 */
public final class ApplyException extends Exception {

  /** A failure described by {@code message}. */
  public ApplyException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public ApplyException(String message, Throwable cause) {
    super(message, cause);
  }
}
