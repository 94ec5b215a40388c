package dev.roundhouse.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes the CRD schema of a property written with {@code @JsonUnwrapped} what Jackson writes: its
 * properties (and required ones) at the level of the type holding it, instead of an object under
 * the property's name, which the CRD generator would produce. The input is the property's name.
 *
 * <p>Used by the CRD generator only, at build time; nothing loads it when the operator runs.
 */
public final class UnwrappedSchema implements SchemaCustomizer.Customizer {

  /** What the CRD generator instantiates. */
  public UnwrappedSchema() {}

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String property, KubernetesSerialization serialization) {
    // Sorted, as the generator writes every other object's properties.
    Map<String, JSONSchemaProps> properties = new TreeMap<>(schema.getProperties());
    JSONSchemaProps unwrapped = properties.remove(property);
    if (unwrapped == null) {
      throw new IllegalArgumentException("no property " + property + " to unwrap in the schema");
    }
    properties.putAll(unwrapped.getProperties());
    TreeSet<String> required = new TreeSet<>(schema.getRequired());
    required.remove(property);
    required.addAll(unwrapped.getRequired());
    schema.setProperties(properties);
    schema.setRequired(List.copyOf(new ArrayList<>(required)));
    return schema;
  }
}
