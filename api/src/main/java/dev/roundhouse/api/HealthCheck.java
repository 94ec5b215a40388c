package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/**
 * Active and passive health checking of the backends.
 *
 * <p>Active: every {@code interval} each backend gets {@code GET path}; a check fails on a timeout,
 * a connection error or a status outside 2xx/3xx. A backend goes down after {@code
 * unhealthyThreshold} failures in a row and comes back after {@code healthyThreshold} successes in
 * a row. Passive: a backend whose real requests fail {@code passiveThreshold} times in a row
 * (connection refused or reset, timeout) is taken out at once and returns when an active check
 * succeeds.
 *
 * @param enabled whether active checks run (default true)
 * @param interval time between two checks of a backend (default 10s)
 * @param timeout how long a check may take; shorter than {@code interval} (default 2s)
 * @param path the path checked, starting with {@code /} (default {@code /health})
 * @param healthyThreshold successes in a row that bring a backend up (default 2)
 * @param unhealthyThreshold failures in a row that take a backend down (default 3)
 * @param passiveThreshold failed requests in a row that eject a backend; 0 turns passive ejection
 *     off (default 5)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// A field left out has its default (below), which the rule must take into account: a timeout of
// 15s with the interval left at 10s is as wrong as one written out.
@ValidationRule(
    value =
        "duration(has(self.timeout) ? self.timeout : '2s')"
            + " < duration(has(self.interval) ? self.interval : '10s')",
    message =
        "healthcheck.timeout (default 2s) must be shorter than healthcheck.interval (default 10s)")
public record HealthCheck(
    @JsonPropertyDescription("Whether active health checks run. Default true.") Boolean enabled,
    @JsonPropertyDescription(
            "Time between two checks of a backend, a Go duration such as 10s. Default 10s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration interval,
    @JsonPropertyDescription(
            "How long one check may take; must be shorter than interval. Default 2s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration timeout,
    @JsonPropertyDescription("Path requested with GET on each backend. Default /health.")
        @Pattern("^/.*")
        String path,
    @JsonPropertyDescription(
            "Consecutive successful checks that bring a down backend back. Default 2.")
        @Min(1)
        Integer healthyThreshold,
    @JsonPropertyDescription("Consecutive failed checks that take a backend down. Default 3.")
        @Min(1)
        Integer unhealthyThreshold,
    @JsonPropertyDescription(
            "Consecutive failed requests (connection refused or reset, timeout) that take a backend out at once, before the next check; 0 turns this off. Default 5.")
        @Min(0)
        Integer passiveThreshold) {

  /** The settings used when the config has no {@code healthcheck} section. */
  public static final HealthCheck DEFAULTS =
      new HealthCheck(null, null, null, null, null, null, null);

  /** Fills in the documented defaults. */
  public HealthCheck {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    interval = interval != null ? interval : Duration.ofSeconds(10);
    timeout = timeout != null ? timeout : Duration.ofSeconds(2);
    path = path != null ? path : "/health";
    healthyThreshold = healthyThreshold != null ? healthyThreshold : 2;
    unhealthyThreshold = unhealthyThreshold != null ? unhealthyThreshold : 3;
    passiveThreshold = passiveThreshold != null ? passiveThreshold : 5;
  }
}
