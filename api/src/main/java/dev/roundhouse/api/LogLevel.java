package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The least severe log level that is written. */
public enum LogLevel {
  /** Everything, including per-connection detail. */
  @JsonProperty("trace")
  TRACE,
  /** Diagnostic detail. */
  @JsonProperty("debug")
  DEBUG,
  /** Normal operation: startup, config changes, backend state changes. The default. */
  @JsonProperty("info")
  INFO,
  /** Only problems. */
  @JsonProperty("warn")
  WARN,
  /** Only failures. */
  @JsonProperty("error")
  ERROR;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
