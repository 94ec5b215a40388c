package dev.roundhouse.proxy.balance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The value of a session cookie for a backend: a hash of its address, so that it is the same on
 * every proxy replica (nothing is shared between them) and does not show the address. It is not a
 * secret: anyone who knows the backends' addresses can compute it, and nothing is gained by forging
 * one but a choice among the configured backends.
 */
public final class SessionCookies {

  private static final byte[] DOMAIN =
      "roundhouse session cookie v1\0".getBytes(StandardCharsets.UTF_8);

  private SessionCookies() {}

  /** The cookie value naming the backend at {@code address} ({@code scheme://host:port}). */
  public static String value(String address) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(DOMAIN);
      byte[] digest = sha.digest(address.getBytes(StandardCharsets.UTF_8));
      // 96 bits: 16 URL-safe characters, no collision between a few hundred backends.
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(digest, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
