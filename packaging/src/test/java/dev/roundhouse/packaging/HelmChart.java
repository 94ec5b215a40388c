package dev.roundhouse.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Helm chart in {@code helm/roundhouse}, rendered offline by helm-java (Helm's own library).
 */
final class HelmChart {

  static final Path DIR = Repo.path("helm/roundhouse");
  static final String RELEASE = "roundhouse";
  static final String NAMESPACE = "roundhouse-system";

  /** The values with every option switched on. */
  static final Path FULL_VALUES = Path.of("src/test/resources/values-full.yaml");

  /** The Kubernetes version templates are rendered for; the chart requires 1.25 or newer. */
  static final String KUBE_VERSION = "1.30.0";

  private HelmChart() {}

  /** The manifests rendered with the chart's default values (CRDs left out). */
  static String template() {
    return template(Map.of());
  }

  /** The manifests rendered with {@code --set} values (CRDs left out). */
  static String template(Map<String, Object> set) {
    TemplateCommand command = command();
    set.forEach(command::set);
    return command.call();
  }

  /** The manifests rendered with a values file (CRDs left out). */
  static String template(Path valuesFile) {
    return command().withValuesFile(valuesFile.toAbsolutePath()).call();
  }

  /** The non-empty YAML documents of a multi-document manifest. */
  static List<String> documents(String manifest) {
    List<String> out = new ArrayList<>();
    for (String doc : manifest.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
        out.add(doc);
      }
    }
    return out;
  }

  private static TemplateCommand command() {
    return new Helm(DIR)
        .template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION)
        .skipCrds();
  }
}
