package dev.roundhouse.operator.revision;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.dependent.Names;
import dev.roundhouse.operator.dependent.Ownership;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revisions of each {@code LoadBalancer}, stored as ControllerRevisions (apps/v1) owned by it
 * and labelled {@code roundhouse.dev/loadbalancer=<name>}.
 *
 * <p>The semantics are those of a Deployment's rollout history: every distinct spec gets the next
 * number; a spec equal to an earlier revision (a rollback, or an edit back) does not get a copy,
 * the earlier revision is renumbered as the newest, so the history never holds the same content
 * twice; the newest revision and {@code revisionHistoryLimit} older ones are kept.
 *
 * <p>It reads the API, not a cache: reconciliations of one resource never overlap, and a revision
 * it just wrote must be seen by the next one.
 */
public final class SpecHistory {

  private static final Logger LOG = LoggerFactory.getLogger(SpecHistory.class);

  /** The annotation {@code kubectl rollout history} shows; copied from the resource if set. */
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  /**
   * Set on a revision that stayed healthy for its whole {@code rollout.watchWindow} (or was
   * promoted by hand): the time it proved itself. The newest revision carrying it is the last good
   * one.
   */
  public static final String LAST_GOOD = "roundhouse.dev/last-good";

  /** Name collisions tried before a create gives up; each is one more request. */
  private static final int MAX_COLLISIONS = 10;

  private static final int HTTP_CONFLICT = 409;

  private final KubernetesClient client;

  /** A history that reads and writes through {@code client}. */
  public SpecHistory(KubernetesClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * The revisions of {@code lb}, oldest first. Revisions labelled for it that no object controls
   * (their owner deleted with {@code --cascade=orphan}, or the references removed) are adopted, as
   * a Deployment adopts orphaned ReplicaSets; those another object controls (a deleted namesake the
   * garbage collector has yet to clear) are left alone.
   */
  public List<SpecRevision> list(LoadBalancer lb) {
    return revisions(lb)
        .withLabel(Names.LOADBALANCER_LABEL, lb.getMetadata().getName())
        .list()
        .getItems()
        .stream()
        .map(cr -> controlled(cr) ? cr : adopt(lb, cr))
        .filter(cr -> ownedBy(cr, lb))
        .map(SpecHistory::toRevision)
        .sorted(Comparator.comparingLong(SpecRevision::number))
        .toList();
  }

  /** The revision numbered {@code number} of {@code lb}, if it is still kept. */
  public Optional<SpecRevision> find(LoadBalancer lb, long number) {
    return list(lb).stream().filter(r -> r.number() == number).findFirst();
  }

  /**
   * Records {@code content} as the spec in force of {@code lb}, then prunes the history to the
   * spec's {@code revisionHistoryLimit}.
   */
  public RevisionInForce record(LoadBalancer lb, SpecContent content) {
    List<SpecRevision> revisions = list(lb);
    Long current = lb.getStatus() == null ? null : lb.getStatus().getCurrentRevision();
    Long desired = lb.getStatus() == null ? null : lb.getStatus().getDesiredRevision();
    // Numbers never go back, even if someone deleted the newest ControllerRevisions by hand.
    long newest =
        Math.max(
            revisions.stream().mapToLong(SpecRevision::number).max().orElse(0),
            Math.max(current == null ? 0 : current, desired == null ? 0 : desired));
    Optional<SpecRevision> same =
        revisions.stream().filter(r -> r.content().equals(content)).findFirst();
    RevisionInForce recorded;
    if (same.isPresent() && same.get().number() == newest) {
      // Nothing new, but revisionHistoryLimit may have been lowered: it is no part of a revision.
      prune(lb, revisions);
      return new RevisionInForce(newest, false, OptionalLong.empty());
    } else if (same.isPresent()) {
      SpecRevision earlier = same.get();
      revisions(lb)
          .withName(earlier.name())
          .edit(
              cr -> {
                cr.setRevision(newest + 1);
                return cr;
              });
      recorded = new RevisionInForce(newest + 1, false, OptionalLong.of(earlier.number()));
    } else {
      create(lb, content, newest + 1);
      recorded = new RevisionInForce(newest + 1, true, OptionalLong.empty());
    }
    prune(lb, list(lb));
    return recorded;
  }

  /** Records on revision {@code number} of {@code lb} that it proved good at {@code when}. */
  public void markGood(LoadBalancer lb, long number, java.time.Instant when) {
    find(lb, number)
        .ifPresent(
            revision ->
                revisions(lb)
                    .withName(revision.name())
                    .edit(
                        cr -> {
                          cr.getMetadata()
                              .getAnnotations()
                              .put(
                                  LAST_GOOD,
                                  java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                                      when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
                          return cr;
                        }));
  }

  /**
   * Deletes the oldest of {@code revisions} (oldest first) beyond the newest and the limit, except
   * the revision the proxies serve (a newer one may be held).
   */
  private void prune(LoadBalancer lb, List<SpecRevision> revisions) {
    int keep = lb.getSpec().revisionHistoryLimit() + 1;
    Long served = lb.getStatus() == null ? null : lb.getStatus().getCurrentRevision();
    for (int i = 0; i < revisions.size() - keep; i++) {
      SpecRevision old = revisions.get(i);
      if (served != null && old.number() == served) {
        continue;
      }
      LOG.info(
          "Pruning revision {} of {}/{} (revisionHistoryLimit {})",
          old.number(),
          lb.getMetadata().getNamespace(),
          lb.getMetadata().getName(),
          lb.getSpec().revisionHistoryLimit());
      revisions(lb).withName(old.name()).delete();
    }
  }

  /**
   * Creates revision {@code number} holding {@code content}, named {@code <name>-<hash>}. A name
   * taken by a revision that is not {@code lb}'s (a deleted namesake's, not yet garbage-collected)
   * would fail every pass with 409: the next collision count makes another name.
   */
  private void create(LoadBalancer lb, SpecContent content, long number) {
    for (int collisions = 0; ; collisions++) {
      String name = lb.getMetadata().getName() + "-" + content.hash(collisions);
      try {
        revisions(lb).resource(newRevision(lb, content, number, name)).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HTTP_CONFLICT || collisions == MAX_COLLISIONS) {
          throw e;
        }
        LOG.info(
            "The ControllerRevision {}/{} exists and is not {}'s (a deleted LoadBalancer's of the"
                + " same name, not yet garbage-collected?); naming revision {} differently",
            lb.getMetadata().getNamespace(),
            name,
            lb.getMetadata().getName(),
            number);
      }
    }
  }

  /** Makes {@code lb} the controller of {@code orphan}, which carries its label. */
  private ControllerRevision adopt(LoadBalancer lb, ControllerRevision orphan) {
    LOG.info(
        "Adopting the ControllerRevision {}/{} (revision {}): it is labelled for {} and no object"
            + " controls it",
        lb.getMetadata().getNamespace(),
        orphan.getMetadata().getName(),
        orphan.getRevision(),
        lb.getMetadata().getName());
    return revisions(lb)
        .withName(orphan.getMetadata().getName())
        .edit(
            cr -> {
              List<OwnerReference> owners = new ArrayList<>(cr.getMetadata().getOwnerReferences());
              owners.add(Ownership.of(lb));
              cr.getMetadata().setOwnerReferences(owners);
              return cr;
            });
  }

  private ControllerRevision newRevision(
      LoadBalancer lb, SpecContent content, long number, String name) {
    Map<String, String> annotations =
        Optional.ofNullable(lb.getMetadata().getAnnotations())
            .map(a -> a.get(CHANGE_CAUSE))
            .map(cause -> Map.of(CHANGE_CAUSE, cause))
            .orElse(null);
    return new ControllerRevisionBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(lb.getMetadata().getNamespace())
        .withLabels(Names.labels(lb))
        .withAnnotations(annotations)
        .withOwnerReferences(Ownership.of(lb))
        .endMetadata()
        .withRevision(number)
        .withData(content.toData())
        .build();
  }

  private NonNamespaceOperation<
          ControllerRevision, ControllerRevisionList, Resource<ControllerRevision>>
      revisions(LoadBalancer lb) {
    MixedOperation<ControllerRevision, ControllerRevisionList, Resource<ControllerRevision>> all =
        client.apps().controllerRevisions();
    return all.inNamespace(lb.getMetadata().getNamespace());
  }

  private static boolean controlled(ControllerRevision cr) {
    return cr.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()));
  }

  private static boolean ownedBy(ControllerRevision cr, LoadBalancer lb) {
    return cr.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> ref.getUid() != null && ref.getUid().equals(lb.getMetadata().getUid()));
  }

  private static SpecRevision toRevision(ControllerRevision cr) {
    return new SpecRevision(
        cr.getRevision(), cr.getMetadata().getName(), SpecContent.fromData(cr.getData()));
  }
}
