package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the API server itself reads from a stored LoadBalancer must be there when the user left it
 * out: the scale subresource (an HPA, KEDA, {@code kubectl scale}) fails on an absent {@code
 * spec.replicas}, and a printer column of an absent field is blank. A default in Java only is not
 * enough; the CRD schema must carry it, with the same value.
 */
class CrdDefaultsTest {

  private static final String FILE = "crds/loadbalancers.roundhouse.dev-v1.yml";

  private static JsonNode version() {
    return StrictModel.tree(Repo.read(FILE)).at("/spec/versions/0");
  }

  private static JsonNode specProperty(String jsonPath) {
    JsonNode node = version().at("/schema/openAPIV3Schema");
    for (String name : jsonPath.substring(1).split("\\.")) {
      node = node.at("/properties/" + name);
    }
    return node;
  }

  @Test
  void theScaleSubresourcesReplicasFieldHasTheJavaDefault() {
    String path = version().at("/subresources/scale/specReplicasPath").asText();

    assertThat(path).isEqualTo(".spec.replicas");
    assertThat(specProperty(path).path("default").isInt())
        .as("schema default of %s", path)
        .isTrue();
    assertThat(specProperty(path).get("default").asInt())
        .isEqualTo(LoadBalancerSpec.DEFAULT_REPLICAS);
  }

  @Test
  void everyPrinterColumnOfTheSpecHasADefault() {
    List<String> blank = new ArrayList<>();
    version()
        .get("additionalPrinterColumns")
        .forEach(
            column -> {
              String path = column.get("jsonPath").asText();
              if (path.startsWith(".spec.") && !specProperty(path).has("default")) {
                blank.add(column.get("name").asText() + " (" + path + ")");
              }
            });

    assertThat(blank).as("columns blank for a resource that leaves the field out").isEmpty();
  }

  @Test
  void theHistoryLimitDefaultIsTheJavaOne() {
    assertThat(specProperty(".spec.revisionHistoryLimit").path("default").asInt(-1))
        .isEqualTo(LoadBalancerSpec.DEFAULT_REVISION_HISTORY_LIMIT);
  }

  @Test
  void theCrdStaysSmallWithThePodSpecsTypesInIt() throws IOException {
    // kubectl's client-side apply keeps the whole object in an annotation of at most 256 KiB.
    assertThat(Files.size(Repo.path(FILE))).isLessThan(100_000);
  }
}
