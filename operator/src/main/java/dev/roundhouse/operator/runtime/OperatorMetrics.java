package dev.roundhouse.operator.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;

/**
 * The framework's reconciliation metrics, recorded in Micrometer: reconciliations started,
 * succeeded, failed (by exception) and retried, events received, and how long each controller
 * execution took. Exposed on {@code /metrics} as {@code roundhouse_operator_*}.
 */
public final class OperatorMetrics implements Metrics {

  private static final String PREFIX = "roundhouse.operator.";

  private final MeterRegistry registry;

  /** Metrics recorded in {@code registry}. */
  public OperatorMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    String action =
        event instanceof ResourceEvent resourceEvent ? resourceEvent.getAction().name() : "OTHER";
    counter("events.received", "Events the operator received", "action", action).increment();
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retry, Map<String, Object> metadata) {
    counter("reconciliations.started", "Reconciliations started", "kind", resource.getKind())
        .increment();
    if (retry != null && retry.getAttemptCount() > 0) {
      counter(
              "reconciliations.retries",
              "Reconciliations that were retries",
              "kind",
              resource.getKind())
          .increment();
    }
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    counter("reconciliations.success", "Reconciliations that succeeded", "kind", resource.getKind())
        .increment();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    String cause =
        exception.getCause() != null
            ? exception.getCause().getClass().getSimpleName()
            : exception.getClass().getSimpleName();
    Counter.builder(PREFIX + "reconciliations.failed")
        .description("Reconciliations that failed, by exception")
        .tag("kind", resource.getKind())
        .tag("exception", cause)
        .register(registry)
        .increment();
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Timer.Sample sample = Timer.start(registry);
    String result = "failure";
    try {
      T value = execution.execute();
      result = execution.successTypeName(value);
      return value;
    } finally {
      sample.stop(
          Timer.builder(PREFIX + "reconciliation.duration")
              .description("Time of one controller execution (reconcile or cleanup)")
              .tag("controller", execution.controllerName())
              .tag("execution", execution.name())
              .tag("result", result)
              .register(registry));
    }
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    Gauge.builder(PREFIX + "map.size", map, Map::size)
        .description("Entries in the framework's internal maps")
        .tag("name", name)
        .register(registry);
    return map;
  }

  private Counter counter(String name, String description, String tag, String value) {
    return Counter.builder(PREFIX + name)
        .description(description)
        .tag(tag, value)
        .register(registry);
  }
}
