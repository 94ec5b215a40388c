package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How log lines are written. */
public enum LogFormat {
  /** One JSON object per line, for log collectors. The default. */
  @JsonProperty("json")
  JSON,
  /** Human-readable lines. */
  @JsonProperty("text")
  TEXT;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
