package dev.roundhouse.packaging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plain-manifest install in deployments/kubernetes/, made from the chart so the two never
 * drift: the namespace, the CRD (a byte copy of crds/) and the chart rendered with its defaults,
 * release "roundhouse" in namespace "roundhouse-system". PlainManifestsTest fails when the
 * committed files differ; {@code make manifests} rewrites them.
 */
final class PlainManifests {

  static final String DIR = "deployments/kubernetes";

  private static final String HEADER =
      """
      # Generated from helm/roundhouse by `make manifests` (PlainManifestsTest); do not edit.
      # Install: kubectl apply -f deployments/kubernetes/
      """;

  private PlainManifests() {}

  /** File name to content, in apply order. */
  static Map<String, String> render() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "00-namespace.yaml",
        HEADER
            + """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: %s
              labels:
                app.kubernetes.io/part-of: roundhouse
                # The operator's pod meets the "restricted" Pod Security Standard.
                pod-security.kubernetes.io/enforce: restricted
            """
                .formatted(HelmChart.NAMESPACE));
    files.put("01-crd.yaml", Repo.read("crds/loadbalancers.roundhouse.dev-v1.yml"));
    String operator =
        HelmChart.template()
            .replace("app.kubernetes.io/managed-by: Helm", "app.kubernetes.io/managed-by: kubectl");
    files.put("02-operator.yaml", HEADER + operator.stripLeading().replaceFirst("^---\\n", ""));
    return files;
  }
}
