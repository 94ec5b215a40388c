package dev.roundhouse.proxy;

import dev.roundhouse.proxy.discovery.JdkDnsCache;
import java.io.PrintWriter;

/** Entry point of the proxy: {@code java -jar roundhouse-proxy.jar --config config.yaml}. */
public final class ProxyMain {

  private ProxyMain() {}

  /**
   * Runs the proxy until it is stopped; exits 1 on a bad config or a failure, 2 on a bad command
   * line.
   */
  public static void main(String[] args) {
    // Before anything resolves a name: the JDK reads its DNS cache policy once.
    JdkDnsCache.limit();
    PrintWriter err = new PrintWriter(System.err, true);
    int exit;
    try {
      exit = ProxyCommand.run(args, new PrintWriter(System.out, true), err);
    } catch (Exception e) {
      // The event loops are not daemons: without an exit a failure here would leave a process
      // that serves nothing.
      err.println("roundhouse-proxy: stopped by an unexpected error:");
      e.printStackTrace(err);
      exit = 1;
    }
    System.exit(exit);
  }
}
