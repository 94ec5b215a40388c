package dev.roundhouse.proxy.discovery;

import java.security.Security;

/**
 * Keeps the JDK's DNS cache short, so that {@code resolve: all} sees a changed name at its next
 * lookup: the JDK caches a successful lookup for 30 s by default, longer than the default {@code
 * resolveInterval} of 5 s.
 *
 * <p>The cache policy is read once, when the JVM first resolves a name; so {@link #limit} runs
 * first thing in {@code main}. A setting the operator made ({@code networkaddress.cache.ttl} in
 * {@code java.security}, or {@code -Dsun.net.inetaddr.ttl}) is left as it is.
 */
public final class JdkDnsCache {

  /** Seconds a successful lookup is cached, unless configured otherwise. */
  public static final String TTL_SECONDS = "1";

  private JdkDnsCache() {}

  /** Caches successful lookups for one second, unless the JVM was told otherwise. */
  public static void limit() {
    if (Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      Security.setProperty("networkaddress.cache.ttl", TTL_SECONDS);
    }
  }
}
