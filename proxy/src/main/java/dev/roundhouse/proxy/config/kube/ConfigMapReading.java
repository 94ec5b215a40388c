package dev.roundhouse.proxy.config.kube;

import dev.roundhouse.proxy.config.SourceReading;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a ConfigMap the way the operator writes it: the config under a key, the revision as an
 * annotation.
 */
final class ConfigMapReading {

  /** The key that holds the rendered config. */
  static final String CONFIG_KEY = "config.yaml";

  /** The annotation that holds the revision number the operator assigned. */
  static final String REVISION_ANNOTATION = "roundhouse.dev/revision";

  private static final Logger log = LoggerFactory.getLogger(ConfigMapReading.class);

  private ConfigMapReading() {}

  /** The reading of {@code configMap}, described as coming from {@code origin}. */
  static SourceReading of(ConfigMap configMap, String origin) {
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    String yaml = data.get(CONFIG_KEY);
    if (yaml == null) {
      return new SourceReading.Unusable(
          origin,
          origin
              + " has no key "
              + CONFIG_KEY
              + (data.isEmpty()
                  ? " (it has no data)"
                  : " (its keys: " + new TreeSet<>(data.keySet()) + ")"));
    }
    return new SourceReading.Text(origin, yaml, revision(configMap, origin));
  }

  private static OptionalLong revision(ConfigMap configMap, String origin) {
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long revision = Long.parseLong(value.trim());
      if (revision >= 1) {
        return OptionalLong.of(revision);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    log.warn(
        "{}: annotation {}={} is not a positive whole number; the proxy numbers this config itself",
        origin,
        REVISION_ANNOTATION,
        value);
    return OptionalLong.empty();
  }
}
