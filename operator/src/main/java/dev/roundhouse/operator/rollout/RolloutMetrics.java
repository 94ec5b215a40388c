package dev.roundhouse.operator.rollout;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * What health-gated rollouts did, on {@code /metrics}: {@code
 * roundhouse_operator_rollout_gates_total{result="passed"|"held"}}, {@code
 * roundhouse_operator_rollout_rollbacks_total{reason}}, {@code
 * roundhouse_operator_rollout_promotions_total}, and the gauges {@code
 * roundhouse_operator_rollout_held_revisions} (LoadBalancers whose desired revision is held or
 * rolled back) and {@code roundhouse_operator_rollout_gates_running}.
 */
public final class RolloutMetrics {

  private static final String PREFIX = "roundhouse.operator.rollout.";

  private final MeterRegistry registry;

  /** Metrics recorded in {@code registry}. */
  public RolloutMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** Registers the gauges, read from {@code held} and {@code gating} at each scrape. */
  public void gauges(Supplier<Number> held, Supplier<Number> gating) {
    Gauge.builder(PREFIX + "held.revisions", held)
        .description(
            "LoadBalancers whose desired revision is held (failed its health gate) or rolled back"
                + " (failed after it went live): the proxies serve an earlier revision")
        .register(registry);
    Gauge.builder(PREFIX + "gates.running", gating)
        .description("Health gates running: new revisions whose backends are being checked")
        .register(registry);
  }

  /** A health gate ended: {@code passed} or {@code held}. */
  public void gateEnded(boolean passed) {
    Counter.builder(PREFIX + "gates")
        .description("Health gates that ended, by result: passed (the revision went live) or held")
        .tag("result", passed ? "passed" : "held")
        .register(registry)
        .increment();
  }

  /** The proxies were returned to the last good revision, for {@code reason}. */
  public void rolledBack(String reason) {
    Counter.builder(PREFIX + "rollbacks")
        .description("Revisions the operator rolled back by itself after they went live, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A revision was promoted by hand. */
  public void promoted() {
    Counter.builder(PREFIX + "promotions")
        .description("Revisions put live by hand (roundhouse.dev/promote), skipping their gate")
        .register(registry)
        .increment();
  }
}
