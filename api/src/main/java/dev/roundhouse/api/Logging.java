package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What the proxy logs and how.
 *
 * @param level the least severe level written (default {@code info})
 * @param format {@code json}, one object per line, or {@code text} (default {@code json})
 * @param accessLog whether a line is written per request (default true)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Logging(
    @JsonPropertyDescription(
            "Least severe level written: trace, debug, info, warn or error. Default info.")
        LogLevel level,
    @JsonPropertyDescription("json (one JSON object per line) or text. Default json.")
        LogFormat format,
    @JsonPropertyDescription(
            "Whether an access-log line is written for every request. Default true.")
        Boolean accessLog) {

  /** The settings used when the config has no {@code logging} section. */
  public static final Logging DEFAULTS = new Logging(null, null, null);

  /** Fills in the documented defaults. */
  public Logging {
    level = level != null ? level : LogLevel.INFO;
    format = format != null ? format : LogFormat.JSON;
    accessLog = accessLog != null ? accessLog : Boolean.TRUE;
  }
}
