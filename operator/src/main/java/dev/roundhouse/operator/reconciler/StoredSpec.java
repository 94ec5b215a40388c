package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/**
 * The spec of a {@code LoadBalancer} as the API server stores it, read strictly.
 *
 * <p>The operator's client reads resources tolerantly (see {@code TolerantSerialization}), so that
 * one resource it cannot read never stops the watch. A field it skipped or a value it could not
 * read may be a setting the user relies on; running the rest of the spec without it would change
 * behaviour silently. So before acting on a resource the reconciler asks here whether the stored
 * spec reads as a whole, and rejects the resource (and only that one) if not.
 */
public final class StoredSpec {

  /** Fabric8's mapper with every check on; configured once, never changed. */
  private static final KubernetesSerialization STRICT =
      new KubernetesSerialization(
          new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), false);

  private final KubernetesClient client;

  /** Reads stored specs through {@code client}. */
  public StoredSpec(KubernetesClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * Why the stored spec of {@code lb} cannot be read as a {@link LoadBalancerSpec}, with the path
   * under {@code spec}; empty when it reads, or when the resource is gone.
   */
  Optional<Violation> unreadable(LoadBalancer lb) {
    GenericKubernetesResource stored =
        client
            .genericKubernetesResources(lb.getApiVersion(), lb.getKind())
            .inNamespace(lb.getMetadata().getNamespace())
            .withName(lb.getMetadata().getName())
            .get();
    if (stored == null) {
      return Optional.empty();
    }
    return problem(stored.getAdditionalProperties().get("spec"));
  }

  /**
   * Why {@code spec} (as parsed from JSON: maps, lists, scalars) cannot be read; empty if it can.
   */
  static Optional<Violation> problem(Object spec) {
    if (spec == null) {
      return Optional.empty();
    }
    try {
      STRICT.convertValue(spec, LoadBalancerSpec.class);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonMappingException cause) {
        return Optional.of(new Violation(path(cause), reason(cause)));
      }
      return Optional.of(new Violation("spec", "cannot be read: " + e.getMessage()));
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder("spec");
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field: this operator does not know it (is the CRD newer than the operator?"
          + " upgrade the operator, or remove the field)";
    }
    if (e instanceof InvalidFormatException invalid) {
      return "the value "
          + invalid.getValue()
          + " cannot be read as "
          + invalid.getTargetType().getSimpleName()
          + " (is the CRD newer than the operator?)";
    }
    return "cannot be read: " + e.getOriginalMessage();
  }
}
