package dev.roundhouse.proxy.forward;

import io.netty.handler.codec.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code X-Request-Id} of a request: the client's, or a new random (version 4) UUID. */
public final class RequestIds {

  private RequestIds() {}

  /** The client's {@code X-Request-Id} if it sent one, else a new id. */
  public static String of(HttpRequest request) {
    String id = request.headers().get(HeaderRewriter.X_REQUEST_ID);
    return id == null || id.isEmpty() ? next() : id;
  }

  /**
   * A new id. {@link UUID#randomUUID()} draws from {@code SecureRandom}, which is slow and may
   * block; an id only needs to be unique, not unpredictable.
   */
  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
