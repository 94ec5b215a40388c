package dev.roundhouse.proxy.frontend;

/** A frontend port could not be listened on. */
public final class ListenException extends Exception {

  private final int port;

  ListenException(int port, Throwable cause) {
    super("cannot listen on port " + port + ": " + describe(cause), cause);
    this.port = port;
  }

  /** The port that could not be bound. */
  public int port() {
    return port;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
