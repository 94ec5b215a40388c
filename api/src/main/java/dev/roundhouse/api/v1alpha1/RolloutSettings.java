package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.roundhouse.api.GoDuration;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * How the operator rolls out a new revision of a {@code LoadBalancer}: a health gate before the
 * proxies get it, and a watch after. Kubernetes-only: the operator reads it, the proxies never do,
 * and it is no part of a revision (changing it makes no revision, and a rollback keeps today's).
 *
 * @param enabled whether revisions are gated and watched (default true)
 * @param minHealthyBackends how many of a revision's backends must answer their health check: a
 *     number, or a percentage of the backends ({@code "50%"}, rounded up); never more than the
 *     revision has (default 1)
 * @param gateTimeout how long the operator probes a new revision's backends before holding it
 *     (default 30s)
 * @param watchWindow how long a revision is watched after it went live (default 60s)
 * @param unhealthyThreshold consecutive checks below {@code minHealthyBackends} during the watch
 *     that roll the revision back (default 3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = StringDefaultSchema.class, input = "gateTimeout=30s")
@SchemaCustomizer(value = StringDefaultSchema.class, input = "watchWindow=60s")
@ValidationRule(
    value =
        "!has(self.minHealthyBackends) || (type(self.minHealthyBackends) == int"
            + " ? self.minHealthyBackends >= 1"
            + " : string(self.minHealthyBackends).matches('^([1-9][0-9]?|100)%$'))",
    message = "rollout.minHealthyBackends must be a number from 1 or a percentage from 1% to 100%")
public record RolloutSettings(
    @JsonPropertyDescription(
            "Whether a new revision's backends are health-checked by the operator before the"
                + " proxies get it (held if they fail), and watched after (rolled back if they"
                + " fail). Default true.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription(
            "How many of a revision's backends must pass their health check: a number, or a"
                + " percentage of the backends such as \"50%\" (rounded up); never more than the"
                + " revision has. Default 1.")
        @Default("1")
        IntOrString minHealthyBackends,
    @JsonPropertyDescription(
            "How long the operator probes a new revision's backends before it holds the revision"
                + " and keeps the one in force, a Go duration. Default 30s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration gateTimeout,
    @JsonPropertyDescription(
            "How long a revision is watched after it went live; one that survives it is the new"
                + " last good revision. Default 60s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration watchWindow,
    @JsonPropertyDescription(
            "Consecutive checks below minHealthyBackends during the watch window that return the"
                + " proxies to the last good revision. Default 3.")
        @Min(1)
        @Default("3")
        Integer unhealthyThreshold) {

  /** The settings of a spec without a {@code rollout} section. */
  public static final RolloutSettings DEFAULTS = new RolloutSettings(null, null, null, null, null);

  /** Settings with rollouts turned off. */
  public static final RolloutSettings DISABLED = new RolloutSettings(false, null, null, null, null);

  private static final java.util.regex.Pattern PERCENT =
      java.util.regex.Pattern.compile("^([0-9]{1,3})%$");

  /** Fills in the documented defaults. */
  public RolloutSettings {
    enabled = enabled != null ? enabled : Boolean.TRUE;
    minHealthyBackends = minHealthyBackends != null ? minHealthyBackends : new IntOrString(1);
    gateTimeout = gateTimeout != null ? gateTimeout : Duration.ofSeconds(30);
    watchWindow = watchWindow != null ? watchWindow : Duration.ofSeconds(60);
    unhealthyThreshold = unhealthyThreshold != null ? unhealthyThreshold : 3;
  }

  /**
   * Why {@code minHealthyBackends} is not a number from 1 or a percentage from 1% to 100%, if it is
   * not.
   */
  public Optional<String> minHealthyProblem() {
    Integer number = minHealthyBackends.getIntVal();
    if (number != null) {
      return number >= 1 ? Optional.empty() : Optional.of(number + " is less than 1");
    }
    String text = String.valueOf(minHealthyBackends.getStrVal());
    Matcher m = PERCENT.matcher(text);
    if (!m.matches()) {
      return Optional.of("\"" + text + "\" is neither a number nor a percentage such as \"50%\"");
    }
    int percent = Integer.parseInt(m.group(1));
    return percent >= 1 && percent <= 100
        ? Optional.empty()
        : Optional.of(text + " is not a percentage from 1% to 100%");
  }

  /**
   * The number of healthy backends a revision with {@code backends} backends needs: the number
   * given, or the percentage rounded up, at least 1 and at most {@code backends}.
   */
  public int requiredHealthy(int backends) {
    int wanted;
    Integer number = minHealthyBackends.getIntVal();
    if (number != null) {
      wanted = number;
    } else {
      Matcher m = PERCENT.matcher(String.valueOf(minHealthyBackends.getStrVal()));
      int percent = m.matches() ? Integer.parseInt(m.group(1)) : 100;
      wanted = (int) Math.ceil(backends * percent / 100.0);
    }
    return Math.max(1, Math.min(wanted, backends));
  }
}
