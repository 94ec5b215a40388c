package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * A cap on retries, as Linkerd's retry budget (Envoy has the same idea): over the last 10 seconds,
 * retries may add at most {@code percent} of the requests, plus {@code minPerSecond} a second, so a
 * sick backend cannot multiply the load on the others. A retry the budget refuses ends the request
 * with the failure it had.
 *
 * @param percent retries allowed as a percentage of the requests (default 20)
 * @param minPerSecond retries allowed a second whatever the traffic, so that a quiet proxy can
 *     still retry (default 10)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryBudget(
    @JsonPropertyDescription(
            "Retries allowed as a percentage of the requests over the last 10 seconds. Default 20.")
        @Min(0)
        Integer percent,
    @JsonPropertyDescription(
            "Retries allowed a second whatever the traffic (averaged over 10 seconds). Default 10.")
        @Min(0)
        Integer minPerSecond) {

  /** Fills in the documented defaults. */
  public RetryBudget {
    percent = percent != null ? percent : 20;
    minPerSecond = minPerSecond != null ? minPerSecond : 10;
  }
}
