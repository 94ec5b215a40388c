package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator observed of a {@code LoadBalancer}. Conditions follow the Kubernetes
 * conventions: {@code Accepted} (the spec is valid), {@code Progressing}, {@code Available}, and
 * {@code RolledBack} (a revision failed after it went live).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// One condition per type: server-side apply and kubectl merge conditions by their type.
@SchemaCustomizer(value = ConditionListSchema.class, input = "conditions")
public class LoadBalancerStatus {

  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Proxy pods that exist.")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("Proxy pods that are ready to serve.")
  private Integer readyReplicas;

  @JsonPropertyDescription(
      "The number of the revision (ControllerRevision) in force: the one in the ConfigMap and the"
          + " pod template.")
  private Long currentRevision;

  @JsonPropertyDescription(
      "The number of the revision the spec asks for. It differs from currentRevision while the"
          + " revision is health-gated, held (it failed its gate) or rolled back (it failed after"
          + " it went live).")
  private Long desiredRevision;

  @JsonPropertyDescription("Label selector of the proxy pods, for the scale subresource (HPA).")
  @LabelSelector
  private String selector;

  @JsonPropertyDescription(
      "Accepted, Progressing, Available, Rollback and RolledBack, with reason and message.")
  private List<Condition> conditions = new ArrayList<>();

  /** The generation the operator last acted on. */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  /** Sets the generation the operator acted on. */
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** Proxy pods that exist. */
  public Integer getReplicas() {
    return replicas;
  }

  /** Sets the number of proxy pods that exist. */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** Proxy pods that are ready. */
  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  /** Sets the number of ready proxy pods. */
  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  /** The revision in force. */
  public Long getCurrentRevision() {
    return currentRevision;
  }

  /** Sets the revision in force. */
  public void setCurrentRevision(Long currentRevision) {
    this.currentRevision = currentRevision;
  }

  /** The revision the spec asks for. */
  public Long getDesiredRevision() {
    return desiredRevision;
  }

  /** Sets the revision the spec asks for. */
  public void setDesiredRevision(Long desiredRevision) {
    this.desiredRevision = desiredRevision;
  }

  /** The proxy pods' label selector, as a string. */
  public String getSelector() {
    return selector;
  }

  /** Sets the proxy pods' label selector. */
  public void setSelector(String selector) {
    this.selector = selector;
  }

  /** The conditions; never null. */
  public List<Condition> getConditions() {
    return conditions;
  }

  /** Replaces the conditions. */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LoadBalancerStatus that)) {
      return false;
    }
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(currentRevision, that.currentRevision)
        && Objects.equals(desiredRevision, that.desiredRevision)
        && Objects.equals(selector, that.selector)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        replicas,
        readyReplicas,
        currentRevision,
        desiredRevision,
        selector,
        conditions);
  }

  @Override
  public String toString() {
    return "LoadBalancerStatus{observedGeneration="
        + observedGeneration
        + ", replicas="
        + replicas
        + ", readyReplicas="
        + readyReplicas
        + ", currentRevision="
        + currentRevision
        + ", desiredRevision="
        + desiredRevision
        + ", conditions="
        + conditions
        + "}";
  }
}
