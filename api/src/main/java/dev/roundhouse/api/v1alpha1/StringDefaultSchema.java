package dev.roundhouse.api.v1alpha1;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Gives a string property of the CRD schema a default. The generator's own {@code @Default} parses
 * the value as the Java field's type, which fails for a {@code Duration} written as a Go duration
 * ({@code 30s}); the schema holds the string. The input is {@code property=value}.
 *
 * <p>Used by the CRD generator only, at build time; nothing loads it when the operator runs.
 */
public final class StringDefaultSchema implements SchemaCustomizer.Customizer {

  /** What the CRD generator instantiates. */
  public StringDefaultSchema() {}

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    int equals = input.indexOf('=');
    String property = input.substring(0, equals);
    JSONSchemaProps field = schema.getProperties().get(property);
    if (field == null || !"string".equals(field.getType())) {
      throw new IllegalArgumentException("no string property " + property + " in the schema");
    }
    field.setDefault(TextNode.valueOf(input.substring(equals + 1)));
    return schema;
  }
}
