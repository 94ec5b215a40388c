package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the next backend is chosen among the healthy ones. */
public enum Algorithm {
  /** Strict rotation over the healthy backends. The default. */
  @JsonProperty("round-robin")
  ROUND_ROBIN("round-robin"),
  /** Smooth weighted rotation, as nginx does it: weights 3,2,1 give A A B A C B A ... */
  @JsonProperty("weighted-round-robin")
  WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
  /** The backend with the fewest requests in flight. */
  @JsonProperty("least-connections")
  LEAST_CONNECTIONS("least-connections"),
  /**
   * The lower of two random backends' cost: a decaying average of its response time that jumps up
   * at once on a slow response ("peak EWMA"), times its requests in flight plus one.
   */
  @JsonProperty("least-response-time")
  LEAST_RESPONSE_TIME("least-response-time"),
  /** A hash of the client IP: the same client reaches the same backend while it is healthy. */
  @JsonProperty("ip-hash")
  IP_HASH("ip-hash"),
  /** A uniformly random healthy backend. */
  @JsonProperty("random")
  RANDOM("random");

  private final String configName;

  Algorithm(String configName) {
    this.configName = configName;
  }

  /** The name written in the config, e.g. {@code round-robin}. */
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
