package dev.roundhouse.proxy.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Config texts for tests. */
public final class Configs {

  private Configs() {}

  /** A valid config on {@code port} over backends on 127.0.0.1 at the given ports. */
  public static String yaml(int port, int... backendPorts) {
    return "frontends:\n  - port: "
        + port
        + "\nbackends:\n"
        + Arrays.stream(backendPorts)
            .mapToObj(p -> "  - \"http://127.0.0.1:" + p + "\"\n")
            .collect(Collectors.joining());
  }
}
