package dev.roundhouse.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A list of status conditions kept by the Kubernetes conventions: one entry per type, and a
 * condition's {@code lastTransitionTime} changes only when its status flips, not when its reason or
 * message does.
 */
final class Conditions {

  /** The spec is valid and in force (True), or was rejected (False). */
  static final String ACCEPTED = "Accepted";

  /** A rollout of the proxy pods is under way (True) or done (False). */
  static final String PROGRESSING = "Progressing";

  /** At least one proxy pod is ready to serve (True). */
  static final String AVAILABLE = "Available";

  /**
   * Every {@code service} backend resolves to an endpoint (True), or one resolves to nothing
   * (False); absent without service backends. Named as the Gateway API's route condition.
   */
  static final String RESOLVED_REFS = "ResolvedRefs";

  /** The outcome of the last {@code roundhouse.dev/rollback-to} request. */
  static final String ROLLBACK = "Rollback";

  /**
   * The revision the spec asks for failed after it went live, and the proxies are back on an
   * earlier one (True); absent while the spec's revision is live.
   */
  static final String ROLLED_BACK = "RolledBack";

  private final List<Condition> previous;
  private final List<Condition> current = new ArrayList<>();
  private final Instant now;
  private final Long generation;

  /**
   * Conditions that replace {@code previous}, observed at {@code generation}.
   *
   * @param now the time a flipped condition records as its transition
   */
  Conditions(List<Condition> previous, Long generation, Instant now) {
    this.previous = previous == null ? List.of() : List.copyOf(previous);
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Sets condition {@code type}, keeping its transition time unless {@code status} flipped. */
  Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since =
        find(previous, type)
            .filter(old -> value.equals(old.getStatus()) && old.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(DateTimeFormatter.ISO_INSTANT.format(now));
    current.removeIf(c -> type.equals(c.getType()));
    current.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  /** Carries condition {@code type} over unchanged from the previous list, if it was there. */
  Conditions keep(String type) {
    find(previous, type)
        .ifPresent(
            old -> {
              current.removeIf(c -> type.equals(c.getType()));
              current.add(old);
            });
    return this;
  }

  /** The conditions set so far, in the order they were set. */
  List<Condition> toList() {
    return List.copyOf(current);
  }

  /** Condition {@code type} of {@code conditions}, if present. */
  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  /** Whether {@code conditions} hold {@code type} with status True. */
  static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
