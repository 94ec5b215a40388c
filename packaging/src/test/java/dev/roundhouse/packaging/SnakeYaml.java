package dev.roundhouse.packaging;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML read as Docker Compose and Helm read it (SnakeYAML: anchors, aliases and {@code <<} merge
 * keys, which Jackson's YAML reader does not resolve).
 */
final class SnakeYaml {

  private SnakeYaml() {}

  /** The top-level mapping of {@code yaml}. */
  static Map<String, Object> map(String yaml) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
  }
}
