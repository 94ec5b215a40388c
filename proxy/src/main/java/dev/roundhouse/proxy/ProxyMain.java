package dev.roundhouse.proxy;

/**
 * Entry point of the proxy. The command line is built by the proxy issue; this is a placeholder.
 */
public final class ProxyMain {

  private ProxyMain() {}

  /** Runs the proxy. */
  public static void main(String[] args) {
    System.err.println("roundhouse-proxy: not built yet");
    System.exit(2);
  }
}
