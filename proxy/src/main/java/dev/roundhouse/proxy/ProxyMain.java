package dev.roundhouse.proxy;

import dev.roundhouse.proxy.discovery.JdkDnsCache;
import picocli.CommandLine;

/** Entry point of the proxy: {@code java -jar roundhouse-proxy.jar --config config.yaml}. */
public final class ProxyMain {

  private ProxyMain() {}

  /** Runs the proxy until it is stopped; exits 1 on a bad config, 2 on a bad command line. */
  public static void main(String[] args) {
    // Before anything resolves a name: the JDK reads its DNS cache policy once.
    JdkDnsCache.limit();
    int exit = new CommandLine(new ProxyCommand()).execute(args);
    System.exit(exit);
  }
}
