package dev.roundhouse.proxy.frontend;

/**
 * Limits on what a client may send before its request is forwarded.
 *
 * @param maxRequestLine longest request line (method, target, version), in bytes; longer gets 414
 * @param maxHeaderSize largest header section, in bytes; larger gets 431
 * @param maxHeaderCount most header fields; more gets 431
 * @param maxChunkSize largest body part decoded at once; bounds memory, never rejects
 */
public record RequestLimits(
    int maxRequestLine, int maxHeaderSize, int maxHeaderCount, int maxChunkSize) {

  /**
   * 8 KiB request line, 16 KiB of headers (HAProxy's default buffer), 100 headers (Tomcat's and
   * about HAProxy's), 64 KiB body parts.
   */
  public static final RequestLimits DEFAULTS = new RequestLimits(8192, 16384, 100, 65536);

  /** Checks that every limit is positive. */
  public RequestLimits {
    if (maxRequestLine < 1 || maxHeaderSize < 1 || maxHeaderCount < 1 || maxChunkSize < 1) {
      throw new IllegalArgumentException("request limits must be positive");
    }
  }
}
