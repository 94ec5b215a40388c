package dev.roundhouse.operator.reconciler;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import dev.roundhouse.operator.revision.Revision;
import dev.roundhouse.operator.revision.RevisionHistory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@code roundhouse.dev/rollback-to=N} annotation on a {@code LoadBalancer}, carried out with the
 * semantics of {@code kubectl rollout undo --to-revision=N}: revision N's spec is written back into
 * the resource (keeping the current replicas and revisionHistoryLimit) and the annotation removed,
 * in one write. The restored spec then becomes the newest revision when the history records it.
 *
 * <p>An unknown or malformed N changes no spec; the annotation is removed all the same, so that the
 * request is not retried forever, and the failure is reported.
 *
 * @param resource the resource as it is after the request was handled
 * @param requested the annotation's value
 * @param restored the revision whose spec was restored, if the request succeeded
 * @param failure why the request failed, if it did
 */
record RollbackRequest(
    LoadBalancer resource,
    String requested,
    Optional<Revision> restored,
    Optional<String> failure) {

  /** Carries out the request on {@code lb}, if it has one. */
  static Optional<RollbackRequest> handle(
      LoadBalancer lb, RevisionHistory history, KubernetesClient client) {
    if (requested(lb) == null) {
      return Optional.empty();
    }
    // The cached copy may still show a request an earlier pass already carried out.
    LoadBalancer latest =
        client
            .resources(LoadBalancer.class)
            .inNamespace(lb.getMetadata().getNamespace())
            .withName(lb.getMetadata().getName())
            .get();
    String value = latest == null ? null : requested(latest);
    if (value == null) {
      return Optional.empty();
    }
    Optional<Revision> target;
    String failure = null;
    try {
      long number = Long.parseLong(value.trim());
      target = history.find(lb, number);
      if (target.isEmpty()) {
        failure =
            "revision "
                + number
                + " is not in the history (kept: "
                + history.list(lb).stream()
                    .map(r -> Long.toString(r.number()))
                    .collect(Collectors.joining(", "))
                + "); the spec was not changed";
      }
    } catch (NumberFormatException e) {
      target = Optional.empty();
      failure =
          LoadBalancer.ROLLBACK_TO_ANNOTATION
              + " must be a revision number, not \""
              + value
              + "\"; the spec was not changed";
    }
    // A revision holds neither: today's number of pods and history limit stay.
    LoadBalancerSpec today = latest.getSpec();
    int replicas = today == null ? LoadBalancerSpec.DEFAULT_REPLICAS : today.replicas();
    int limit =
        today == null
            ? LoadBalancerSpec.DEFAULT_REVISION_HISTORY_LIMIT
            : today.revisionHistoryLimit();
    Optional<LoadBalancerSpec> spec = target.map(r -> r.content().toSpec(replicas, limit));
    LoadBalancer updated =
        client
            .resources(LoadBalancer.class)
            .inNamespace(lb.getMetadata().getNamespace())
            .withName(lb.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON),
                client.getKubernetesSerialization().asJson(writeOnce(latest, spec)));
    return Optional.of(new RollbackRequest(updated, value, target, Optional.ofNullable(failure)));
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
