package dev.roundhouse.backend;

/** The backend could not bind its address; the message says why, in words a user can act on. */
public final class ListenException extends Exception {

  /** Creates the exception. */
  public ListenException(String message, Throwable cause) {
    super(message, cause);
  }
}
