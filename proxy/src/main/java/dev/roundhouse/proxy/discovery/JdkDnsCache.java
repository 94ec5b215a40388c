package dev.roundhouse.proxy.discovery;

/**
 * Keeps the JDK's DNS cache short, so that {@code resolve: all} sees a changed name at its next
 * lookup: the JDK caches a successful lookup for 30 s by default, longer than the default {@code
 * resolveInterval} of 5 s.
 *
 * <p>The cache policy is read once, when the JVM first resolves a name; so {@link #limit} runs
 * first thing in {@code main}. It sets the system property {@code sun.net.inetaddr.ttl}, which the
 * JDK reads when {@code networkaddress.cache.ttl} is not set in {@code java.security}: a setting
 * the operator made in either place is left as it is. (Setting the security property instead meant
 * loading {@code java.security.Security} at start, about 70 ms of the main thread on one CPU.)
 */
public final class JdkDnsCache {

  /** Seconds a successful lookup is cached, unless configured otherwise. */
  public static final String TTL_SECONDS = "1";

  private JdkDnsCache() {}

  /** Caches successful lookups for one second, unless the JVM was told otherwise. */
  public static void limit() {
    if (System.getProperty("sun.net.inetaddr.ttl") == null) {
      System.setProperty("sun.net.inetaddr.ttl", TTL_SECONDS);
    }
  }
}
