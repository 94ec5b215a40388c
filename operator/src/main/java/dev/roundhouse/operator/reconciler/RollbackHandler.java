package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.operator.revision.SpecHistory;
import dev.roundhouse.operator.revision.SpecRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Carries out {@code roundhouse.dev/rollback-to=N} annotations on {@code LoadBalancer}s, with the
 * semantics of {@code kubectl rollout undo --to-revision=N}: revision N's spec is written back into
 * the resource (keeping the current replicas and revisionHistoryLimit) and the annotation removed,
 * in one write. The restored spec then becomes the newest revision when the history records it.
 *
 * <p>An unknown or malformed N changes no spec; the annotation is removed all the same, so that the
 * request is not retried forever, and the failure is returned for the reconciler to report.
 */
public final class RollbackHandler {

  private final KubernetesClient client;
  private final SpecHistory history;

  /** A handler that reads and writes resources through {@code client}. */
  public RollbackHandler(KubernetesClient client, SpecHistory history) {
    this.client = requireNonNull(client, "client");
    this.history = requireNonNull(history, "history");
  }

  /** Carries out the request on {@code lb}, if it has one. */
  Optional<RollbackResult> handle(LoadBalancer lb) {
    if (requested(lb) == null) {
      return Optional.empty();
    }
    // The cached copy may still show a request an earlier pass already carried out.
    LoadBalancer latest = resource(lb).get();
    String value = latest == null ? null : requested(latest);
    if (value == null) {
      return Optional.empty();
    }
    Optional<SpecRevision> target = Optional.empty();
    OptionalLong number = parse(value);
    if (number.isPresent()) {
      target = history.find(lb, number.getAsLong());
    }
    // A revision holds none of them: today's number of pods, history limit and rollout stay.
    LoadBalancerSpec today =
        latest.getSpec() == null
            ? new LoadBalancerSpec(null, null, null, null, null, null)
            : latest.getSpec();
    Optional<LoadBalancerSpec> spec = target.map(r -> r.content().toSpec(today));
    LoadBalancer updated =
        resource(lb)
            .patch(
                PatchContext.of(PatchType.JSON),
                client.getKubernetesSerialization().asJson(writeOnce(latest, spec)));
    if (target.isPresent()) {
      return Optional.of(new RollbackResult.Restored(updated, target.get()));
    }
    if (number.isPresent()) {
      List<Long> kept = history.list(lb).stream().map(SpecRevision::number).toList();
      return Optional.of(new RollbackResult.NotKept(updated, number.getAsLong(), kept));
    }
    return Optional.of(new RollbackResult.NotANumber(updated, value));
  }

  private Resource<LoadBalancer> resource(LoadBalancer lb) {
    return client
        .resources(LoadBalancer.class)
        .inNamespace(lb.getMetadata().getNamespace())
        .withName(lb.getMetadata().getName());
  }

  private static OptionalLong parse(String value) {
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The JSON patch that carries out the request on {@code latest}: the whole spec replaced (a patch
   * computed from a diff would replace single fields, and fail on every field the stored object
   * leaves to its default, as {@code kubectl apply} stores it) and the annotation removed, only if
   * nothing wrote the resource since it was read, so a newer request is never lost.
   */
  private static List<Map<String, Object>> writeOnce(
      LoadBalancer latest, Optional<LoadBalancerSpec> spec) {
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(
        Map.of(
            "op", "test",
            "path", "/metadata/resourceVersion",
            "value", latest.getMetadata().getResourceVersion()));
    ops.add(
        Map.of(
            "op",
            "remove",
            "path",
            "/metadata/annotations/" + LoadBalancer.ROLLBACK_TO_ANNOTATION.replace("/", "~1")));
    // "add" replaces a member that exists, and also works on a resource stored without a spec.
    spec.ifPresent(s -> ops.add(Map.of("op", "add", "path", "/spec", "value", s)));
    return ops;
  }

  private static String requested(LoadBalancer lb) {
    Map<String, String> annotations = lb.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(LoadBalancer.ROLLBACK_TO_ANNOTATION);
  }
}
