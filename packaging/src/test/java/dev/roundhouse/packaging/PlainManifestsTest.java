package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deployments/kubernetes/ is what the chart renders with its defaults, plus the namespace and the
 * CRD: `kubectl apply -f deployments/kubernetes/` installs the same operator as `helm install`. Run
 * with {@code -Droundhouse.updateManifests=true} (make manifests) to rewrite the files.
 */
class PlainManifestsTest {

  private static final Path DIR = Repo.path(PlainManifests.DIR);

  @BeforeAll
  static void updateIfAsked() throws IOException {
    if (Boolean.getBoolean("roundhouse.updateManifests")) {
      Files.createDirectories(DIR);
      for (Map.Entry<String, String> file : PlainManifests.render().entrySet()) {
        Files.writeString(DIR.resolve(file.getKey()), file.getValue());
      }
    }
  }

  @Test
  void theCommittedManifestsAreWhatTheChartRenders() throws IOException {
    Map<String, String> expected = PlainManifests.render();

    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      assertThat(Files.readString(DIR.resolve(file.getKey())))
          .as(
              "%s/%s is out of date with the chart: run `make manifests`",
              PlainManifests.DIR, file.getKey())
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void theCrdIsByteIdenticalToTheGeneratedOne() throws IOException {
    assertThat(Files.readAllBytes(DIR.resolve("01-crd.yaml")))
        .isEqualTo(Files.readAllBytes(Repo.path("crds/loadbalancers.roundhouse.dev-v1.yml")));
  }

  @Test
  void everyObjectIsValidAndLivesInTheNamespaceTheManifestsCreate() throws IOException {
    Rendered namespace = Rendered.of(Files.readString(DIR.resolve("00-namespace.yaml")));
    String name = namespace.one(Namespace.class).orElseThrow().getMetadata().getName();
    Rendered operator = Rendered.of(Files.readString(DIR.resolve("02-operator.yaml")));

    assertThat(operator.objects()).isNotEmpty();
    for (HasMetadata object : operator.objects()) {
      if (!object.getKind().startsWith("Cluster")) {
        assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo(name);
      }
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "kubectl");
    }
    assertThat(
            operator
                .deployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(Images.OPERATOR.reference());
  }
}
