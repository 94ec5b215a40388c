package dev.roundhouse.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Makes the CRD schema of a list of conditions what the Kubernetes conventions ask for: a map list
 * keyed by {@code type} ({@code x-kubernetes-list-type: map}), so that server-side apply and {@code
 * kubectl} merge conditions by type, with {@code type} and {@code status} required in each. The
 * input is the list property's name.
 *
 * <p>Used by the CRD generator only, at build time; nothing loads it when the operator runs.
 */
public final class ConditionListSchema implements SchemaCustomizer.Customizer {

  /** What the CRD generator instantiates. */
  public ConditionListSchema() {}

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String property, KubernetesSerialization serialization) {
    JSONSchemaProps conditions = schema.getProperties().get(property);
    if (conditions == null || conditions.getItems() == null) {
      throw new IllegalArgumentException("no list property " + property + " in the schema");
    }
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    conditions.getItems().getSchema().setRequired(List.of("status", "type"));
    return schema;
  }
}
