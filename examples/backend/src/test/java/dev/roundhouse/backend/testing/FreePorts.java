package dev.roundhouse.backend.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports nothing listens on, for servers that must be told their port before they start. */
public final class FreePorts {

  /**
   * Below Linux's ephemeral range (32768-60999 by default). A port the kernel hands out for port 0
   * comes from that range, which is also where outgoing connections take their local ports: on a
   * busy machine such a port can be taken again before the server binds it.
   */
  private static final int FIRST = 20000;

  private static final int LAST = 32767;

  private FreePorts() {}

  /** A random port of 20000-32767 that can be bound on all interfaces right now. */
  public static int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + FIRST + "-" + LAST + " after 100 tries");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
