package dev.roundhouse.proxy.cli;

/** A command line the proxy cannot run with; the message says which flag and why. */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
