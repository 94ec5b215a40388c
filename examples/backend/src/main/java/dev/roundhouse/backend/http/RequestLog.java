package dev.roundhouse.backend.http;

/**
 * Where each finished request is recorded. Called on an event loop, so an implementation must never
 * block or do I/O there.
 */
public interface RequestLog extends AutoCloseable {

  /**
   * Records one request.
   *
   * @param method the request method
   * @param uri the request target as received (path and query)
   * @param status the status code answered
   * @param bytes the response body bytes written
   * @param nanos how long the exchange took, from the request head to the last byte written
   */
  void record(String method, String uri, int status, long bytes, long nanos);

  /** Writes out what is pending; the default has nothing to do. */
  @Override
  default void close() {}

  /** A log that records nothing, for {@code -quiet}. */
  static RequestLog disabled() {
    return (method, uri, status, bytes, nanos) -> {};
  }
}
