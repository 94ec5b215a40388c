package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.time.Duration;

/**
 * Outlier detection: passive health that learns from responses, as Envoy's {@code
 * outlier_detection}. A backend whose responses fail ({@code 5xx}, or a connection refused, reset
 * or timed out) {@code consecutive5xx} times in a row, or at {@code failurePercent} or more of at
 * least {@code minimumRequests} requests within {@code interval}, is ejected for {@code
 * baseEjectionTime} times the number of times it was ejected (at most {@code maxEjectionTime});
 * never more than {@code maxEjectionPercent} of the backends at once (rounded down). A passing
 * active health check does not end an ejection early: a backend answering 500 to real requests
 * often passes {@code /health}.
 *
 * @param consecutive5xx failed responses in a row that eject; 0 turns it off (default 5)
 * @param failurePercent share of failed responses within {@code interval} that ejects (off when
 *     absent)
 * @param minimumRequests responses within {@code interval} before {@code failurePercent} is judged
 *     (default 10)
 * @param interval the window of {@code failurePercent} (default 10s)
 * @param baseEjectionTime the first ejection's length; the n-th lasts n times as long (default 30s)
 * @param maxEjectionTime the longest ejection (default 5m)
 * @param maxEjectionPercent the most backends ejected at once, in percent, rounded down (default
 *     50: with 3 backends at most 1)
 * @param panicThreshold when fewer than this percentage of the backends are available (down or
 *     ejected alike), balance over all of them rather than overload the rest or answer 503 (default
 *     0: off)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutlierDetection(
    @JsonPropertyDescription(
            "Failed responses (5xx, refused, reset, timed out) in a row that eject a backend; 0 turns it off. Default 5.")
        @Min(0)
        Integer consecutive5xx,
    @JsonPropertyDescription(
            "Percentage of failed responses within interval that ejects a backend (1-100). Off when absent.")
        @Min(1)
        @Max(100)
        Integer failurePercent,
    @JsonPropertyDescription(
            "Responses a backend must have within interval before failurePercent is judged. Default 10.")
        @Min(1)
        Integer minimumRequests,
    @JsonPropertyDescription("The window of failurePercent, a Go duration. Default 10s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration interval,
    @JsonPropertyDescription(
            "Length of a first ejection; the n-th lasts n times as long. Default 30s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration baseEjectionTime,
    @JsonPropertyDescription("The longest ejection. Default 5m.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration maxEjectionTime,
    @JsonPropertyDescription(
            "The most backends ejected at once, in percent of the backends, rounded down (50 with 3 backends: 1). Default 50.")
        @Min(0)
        @Max(100)
        Integer maxEjectionPercent,
    @JsonPropertyDescription(
            "When fewer than this percentage of the backends are available (down or ejected), balance over all of them (panic mode). Default 0: off.")
        @Min(0)
        @Max(100)
        Integer panicThreshold) {

  /** Fills in the documented defaults. */
  public OutlierDetection {
    consecutive5xx = consecutive5xx != null ? consecutive5xx : 5;
    minimumRequests = minimumRequests != null ? minimumRequests : 10;
    interval = interval != null ? interval : Duration.ofSeconds(10);
    baseEjectionTime = baseEjectionTime != null ? baseEjectionTime : Duration.ofSeconds(30);
    maxEjectionTime = maxEjectionTime != null ? maxEjectionTime : Duration.ofMinutes(5);
    maxEjectionPercent = maxEjectionPercent != null ? maxEjectionPercent : 50;
    panicThreshold = panicThreshold != null ? panicThreshold : 0;
  }

  /** The most backends out of {@code backends} that may be ejected at once. */
  public int maxEjected(int backends) {
    return backends * maxEjectionPercent / 100;
  }
}
