package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a URL backend's host name becomes addresses to connect to. */
public enum Resolve {
  /**
   * Every A/AAAA record of the name is an endpoint of its own, re-resolved every {@code
   * resolveInterval}: for {@code docker compose --scale} and headless Services.
   */
  @JsonProperty("all")
  ALL;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
