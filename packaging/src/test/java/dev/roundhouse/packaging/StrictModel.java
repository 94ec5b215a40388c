package dev.roundhouse.packaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a Kubernetes object into its typed fabric8 model class and fails on any field the model
 * does not know. fabric8's classes keep unknown fields in an "additionalProperties" map (through
 * {@code @JsonAnySetter}), which would let a typo such as {@code livenesProbe} pass; this reader
 * switches that off, the way the API server's strict field validation rejects unknown fields.
 */
final class StrictModel {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StrictModel() {}

  /**
   * The typed model object of {@code yaml}.
   *
   * @throws IllegalArgumentException when the kind has no model class or a field is unknown or has
   *     the wrong type; the message names the field
   */
  static KubernetesResource parse(String yaml) {
    Object loose = SERIALIZATION.unmarshal(yaml);
    if (!(loose instanceof KubernetesResource resource)
        || loose instanceof GenericKubernetesResource) {
      throw new IllegalArgumentException("no fabric8 model class for this object:\n" + yaml);
    }
    return parse(yaml, resource.getClass());
  }

  /** {@code yaml} read strictly as a {@code type}. */
  static <T> T parse(String yaml, Class<T> type) {
    try {
      JsonNode tree = new YAMLMapper().readTree(yaml);
      return STRICT.treeToValue(tree, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** {@code yaml} as a JSON tree. */
  static JsonNode tree(String yaml) {
    try {
      return new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
