package dev.roundhouse.packaging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects of one rendering of the chart, each read strictly into its fabric8 model class. */
record Rendered(String manifest, List<HasMetadata> objects) {

  /** Reads every document of {@code manifest}; fails on a kind without a model or a bad field. */
  static Rendered of(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : HelmChart.documents(manifest)) {
      KubernetesResource parsed = StrictModel.parse(doc);
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalArgumentException("not a Kubernetes object:\n" + doc);
      }
      objects.add(object);
    }
    return new Rendered(manifest, List.copyOf(objects));
  }

  /** The objects of {@code type}. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of {@code type}, if any; fails if there are several. */
  <T extends HasMetadata> Optional<T> one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() > 1) {
      throw new AssertionError("expected at most one " + type.getSimpleName() + ": " + found);
    }
    return found.stream().findFirst();
  }

  /** The object of {@code type} named {@code name}. */
  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** The operator's Deployment. */
  Deployment deployment() {
    return one(Deployment.class).orElseThrow(() -> new AssertionError("no Deployment rendered"));
  }
}
