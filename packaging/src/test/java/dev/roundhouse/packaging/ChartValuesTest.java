package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * values.yaml, values.schema.json and the templates agree: every value is declared in the schema
 * and documented, every declared value exists, every value a template reads exists, and every value
 * is read by some template (no dead knobs).
 */
class ChartValuesTest {

  private static final Pattern VALUES_REF =
      Pattern.compile("\\.Values((?:\\.[A-Za-z][A-Za-z0-9]*)+)");

  private final JsonNode values = StrictModel.tree(Repo.read("helm/roundhouse/values.yaml"));
  private final JsonNode schema = readJson("helm/roundhouse/values.schema.json");

  @Test
  void theDefaultAndTheFullValuesPassTheSchema() throws IOException {
    JsonSchemas validator = JsonSchemas.of(schema, SpecificationVersion.DRAFT_7);

    assertThat(validator.problems(values)).isEmpty();
    assertThat(validator.problems(StrictModel.tree(Files.readString(HelmChart.FULL_VALUES))))
        .isEmpty();
  }

  @Test
  void theFullValuesSetEveryValue() throws IOException {
    Set<String> full = leaves(StrictModel.tree(Files.readString(HelmChart.FULL_VALUES)), "");

    assertThat(full).containsAll(schemaLeaves(schema, ""));
  }

  @Test
  void everyValueIsDeclaredInTheSchemaAndEveryDeclarationHasAValue() {
    Set<String> declared = schemaLeaves(schema, "");
    Set<String> defined = leaves(values, "");

    assertThat(defined).as("values.yaml keys missing from values.schema.json").isSubsetOf(declared);
    assertThat(declared).as("values.schema.json keys missing from values.yaml").isSubsetOf(defined);
  }

  @Test
  void everyValueIsDocumentedInValuesYaml() {
    List<String> lines = Repo.read("helm/roundhouse/values.yaml").lines().toList();
    List<String> undocumented = new ArrayList<>();
    for (String path : schemaLeaves(schema, "")) {
      int line = lineOf(lines, path);
      String above = lines.get(line - 1).strip();
      if (!above.startsWith("#")) {
        undocumented.add(path);
      }
    }
    assertThat(undocumented).as("values without a comment right above them").isEmpty();
  }

  @Test
  void everyValueATemplateReadsExistsAndEveryValueIsRead() throws IOException {
    Set<String> referenced = new TreeSet<>();
    try (Stream<Path> files = Files.walk(HelmChart.DIR.resolve("templates"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Matcher m = VALUES_REF.matcher(Files.readString(file));
        while (m.find()) {
          referenced.add(m.group(1).substring(1));
        }
      }
    }
    Set<String> defined = allPaths(values, "");
    assertThat(referenced)
        .as("values read by templates but not in values.yaml")
        .isSubsetOf(defined);

    List<String> unread = new ArrayList<>();
    for (String leaf : schemaLeaves(schema, "")) {
      if (referenced.stream().noneMatch(r -> leaf.equals(r) || leaf.startsWith(r + "."))) {
        unread.add(leaf);
      }
    }
    assertThat(unread).as("values no template reads").isEmpty();
  }

  /** The line of the key at {@code path} (dotted), found by walking the indentation. */
  private static int lineOf(List<String> lines, String path) {
    int from = 0;
    int indent = 0;
    int found = -1;
    for (String key : path.split("\\.")) {
      found = -1;
      for (int i = from; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith(" ".repeat(indent) + key + ":")) {
          found = i;
          break;
        }
      }
      assertThat(found).as("key %s of %s in values.yaml", key, path).isNotNegative();
      from = found + 1;
      indent += 2;
    }
    return found;
  }

  /** Dotted paths of the schema's declared properties that have no declared sub-properties. */
  private static Set<String> schemaLeaves(JsonNode schema, String prefix) {
    Set<String> out = new TreeSet<>();
    JsonNode properties = schema.get("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = prefix + field.getKey();
      if (field.getValue().has("properties")) {
        out.addAll(schemaLeaves(field.getValue(), path + "."));
      } else {
        out.add(path);
      }
    }
    return out;
  }

  /** Dotted paths of values.yaml, each cut at the first key the schema treats as opaque. */
  private Set<String> leaves(JsonNode node, String prefix) {
    Set<String> out = new TreeSet<>();
    Set<String> declared = schemaLeaves(schema, "");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = prefix + field.getKey();
      if (field.getValue().isObject() && !declared.contains(path) && field.getValue().size() > 0) {
        out.addAll(leaves(field.getValue(), path + "."));
      } else {
        out.add(path);
      }
    }
    return out;
  }

  /** Every dotted path of {@code node}, inner ones included. */
  private static Set<String> allPaths(JsonNode node, String prefix) {
    Set<String> out = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = prefix + field.getKey();
      out.add(path);
      if (field.getValue().isObject()) {
        out.addAll(allPaths(field.getValue(), path + "."));
      }
    }
    return out;
  }

  private static JsonNode readJson(String relative) {
    try {
      return new ObjectMapper().readTree(Repo.read(relative));
    } catch (IOException e) {
      throw new AssertionError(relative + " is not valid JSON", e);
    }
  }
}
