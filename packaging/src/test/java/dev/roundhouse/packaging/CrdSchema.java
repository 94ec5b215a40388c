package dev.roundhouse.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.SpecificationVersion;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server checks when a custom resource is applied, as far as it can be checked
 * offline: the CRD's openAPIV3Schema (types, enums, ranges, patterns, required fields), unknown
 * fields (rejected, as {@code kubectl apply}'s strict field validation does), and the CEL rules
 * ({@code x-kubernetes-validations}), evaluated with CEL-Java.
 */
final class CrdSchema {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchemas structural;
  private final List<CelRule> rules = new ArrayList<>();
  private final String apiVersion;
  private final String kind;
  private final Cel cel =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();

  /**
   * A CEL rule, the path of the object it applies to (property names, and {@value #ITEMS} for each
   * item of an array), and its message.
   */
  private record CelRule(List<String> path, String rule, String message) {}

  private CrdSchema(JsonNode crd) {
    JsonNode version = crd.at("/spec/versions/0");
    this.apiVersion = crd.at("/spec/group").asText() + "/" + version.get("name").asText();
    this.kind = crd.at("/spec/names/kind").asText();
    ObjectNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
    collectRules(schema, new ArrayList<>());
    closeObjects(schema);
    ObjectNode properties = (ObjectNode) schema.get("properties");
    properties.set("apiVersion", JsonNodeFactory.instance.objectNode().put("const", apiVersion));
    properties.set("kind", JsonNodeFactory.instance.objectNode().put("const", kind));
    properties.set("metadata", metadataSchema());
    schema.putArray("required").add("apiVersion").add("kind").add("metadata");
    this.structural = JsonSchemas.of(schema, SpecificationVersion.DRAFT_6);
  }

  /** The schema of the CRD in {@code file}. */
  static CrdSchema of(Path file) {
    try {
      return new CrdSchema(new YAMLMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CRD as generated into crds/. */
  static CrdSchema loadBalancers() {
    return of(Repo.path("crds/loadbalancers.roundhouse.dev-v1.yml"));
  }

  /** Every reason the API server would reject {@code resource}; empty if it would accept it. */
  List<String> problems(JsonNode resource) {
    List<String> out = new ArrayList<>(structural.problems(resource));
    if (out.isEmpty()) {
      for (CelRule rule : rules) {
        check(rule, resource, 0, "", out);
      }
    }
    return out;
  }

  /** Each item of an array, in a rule's path. */
  private static final String ITEMS = "[]";

  /** Checks {@code rule} on what its path from {@code depth} on reaches from {@code node}. */
  private void check(CelRule rule, JsonNode node, int depth, String at, List<String> out) {
    if (node == null || node.isNull()) {
      return;
    }
    if (depth == rule.path().size()) {
      if (!holds(rule, node)) {
        out.add(at + ": " + rule.message());
      }
      return;
    }
    String step = rule.path().get(depth);
    if (step.equals(ITEMS)) {
      for (int i = 0; i < node.size(); i++) {
        check(rule, node.get(i), depth + 1, at + "[" + i + "]", out);
      }
    } else {
      check(rule, node.get(step), depth + 1, at.isEmpty() ? step : at + "." + step, out);
    }
  }

  private boolean holds(CelRule rule, JsonNode self) {
    try {
      CelAbstractSyntaxTree ast = cel.compile(rule.rule()).getAst();
      Object result = cel.createProgram(ast).eval(Map.of("self", celValue(self)));
      return Boolean.TRUE.equals(result);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CEL rule `" + rule.rule() + "` failed: " + e, e);
    }
  }

  /** JSON as CEL sees it: integers are int (Long), objects maps, arrays lists. */
  private static Object celValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), celValue(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(celValue(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }

  /** Moves the CEL rules out of the schema (JSON Schema does not know them), noting their paths. */
  private void collectRules(ObjectNode schema, List<String> path) {
    JsonNode validations = schema.remove("x-kubernetes-validations");
    if (validations != null) {
      for (JsonNode v : validations) {
        rules.add(
            new CelRule(List.copyOf(path), v.get("rule").asText(), v.get("message").asText()));
      }
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        List<String> child = new ArrayList<>(path);
        child.add(field.getKey());
        collectRules((ObjectNode) field.getValue(), child);
      }
    }
    if (schema.get("items") instanceof ObjectNode items) {
      List<String> child = new ArrayList<>(path);
      child.add(ITEMS);
      collectRules(items, child);
    }
  }

  /**
   * Unknown fields are errors: every object with declared properties gets {@code
   * additionalProperties: false}, unless it preserves unknown fields. Also drops the remaining
   * Kubernetes-only keywords.
   */
  private static void closeObjects(JsonNode schema) {
    if (schema instanceof ArrayNode array) {
      array.forEach(CrdSchema::closeObjects);
      return;
    }
    if (!schema.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) schema;
    if (object.has("properties")
        && !object.has("additionalProperties")
        && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      object.put("additionalProperties", false);
    }
    // Kubernetes' own keywords (int-or-string, list types...) say nothing JSON Schema checks.
    object.remove(
        object.properties().stream()
            .map(Map.Entry::getKey)
            .filter(k -> k.startsWith("x-kubernetes-"))
            .toList());
    object.fields().forEachRemaining(e -> closeObjects(e.getValue()));
  }

  private static ObjectNode metadataSchema() {
    try {
      return (ObjectNode)
          JSON.readTree(
              """
              {"type": "object", "required": ["name"],
               "properties": {
                 "name": {"type": "string", "maxLength": 253,
                          "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"},
                 "namespace": {"type": "string"},
                 "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                 "annotations": {"type": "object", "additionalProperties": {"type": "string"}}}}
              """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
