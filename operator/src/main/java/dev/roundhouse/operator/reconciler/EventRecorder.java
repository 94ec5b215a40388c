package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (core/v1) on a {@code LoadBalancer}, what {@code kubectl describe lb}
 * shows. Recording is best effort: a failure is logged and never fails a reconciliation.
 */
public final class EventRecorder {

  /** Why an Event was recorded; the reason names a user can search for. */
  public enum Reason {
    /** A new generation of the spec passed validation. */
    SpecAccepted(false),
    /** The spec was rejected; nothing was changed. */
    SpecRejected(true),
    /** The stored spec holds a field or value this operator cannot read; nothing was changed. */
    SpecUnreadable(true),
    /** A new revision (or an earlier one brought back) is now in force. */
    NewRevision(false),
    /** A {@code rollback-to} request restored an earlier spec. */
    RolledBack(false),
    /** A {@code rollback-to} request named a revision that is not kept, or no number at all. */
    RollbackFailed(true),
    /** The proxy pods are being rolled because {@code restartedAt} changed. */
    Restarted(false),
    /** The operator checks a new revision's backends before the proxies get it. */
    HealthGateStarted(false),
    /** A new revision failed its health gate: the proxies keep the revision in force. */
    RevisionHeld(true),
    /** A live revision failed its watch: the proxies returned to the revision before it. */
    RevisionFailedAfterRollout(true),
    /** A revision stayed healthy for its watch window: it is the last good one. */
    RevisionProven(false),
    /** A revision was put live by hand ({@code roundhouse.dev/promote}). */
    Promoted(false),
    /** A {@code service} backend resolves to no endpoint: the proxies send it nothing. */
    BackendUnresolved(true),
    /** Every {@code service} backend resolves again, after one did not. */
    BackendsResolved(false);

    private final boolean warning;

    Reason(boolean warning) {
      this.warning = warning;
    }

    String type() {
      return warning ? "Warning" : "Normal";
    }
  }

  /** The component named as the source of the Events. */
  public static final String COMPONENT = "roundhouse-operator";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private static final int REMEMBERED_RESOURCES = 1024;

  private final KubernetesClient client;
  private final String instance;
  private final Clock clock;

  /**
   * Per resource (by uid): the resource version last reported on, and the Events recorded for it. A
   * pass that runs on a cached copy not yet showing the previous pass's status repeats that pass's
   * decisions; remembering them keeps each Event to one.
   */
  private final Map<String, Recent> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
          return size() > REMEMBERED_RESOURCES;
        }
      };

  private record Recent(String resourceVersion, Set<String> events) {}

  /**
   * A recorder writing through {@code client}.
   *
   * @param instance this operator replica's identity, recorded as the reporting instance
   */
  public EventRecorder(KubernetesClient client, String instance, Clock clock) {
    this.client = requireNonNull(client, "client");
    this.instance = requireNonNull(instance, "instance");
    this.clock = requireNonNull(clock, "clock");
  }

  private synchronized boolean firstTime(LoadBalancer lb, Reason reason, String message) {
    String version = lb.getMetadata().getResourceVersion();
    Recent seen = recent.get(lb.getMetadata().getUid());
    if (seen == null || !java.util.Objects.equals(seen.resourceVersion(), version)) {
      seen = new Recent(version, new HashSet<>());
      recent.put(lb.getMetadata().getUid(), seen);
    }
    return seen.events().add(reason + ": " + message);
  }

  /** Records an Event with {@code reason} and {@code message} on {@code lb}. */
  public void record(LoadBalancer lb, Reason reason, String message) {
    if (!firstTime(lb, reason, message)) {
      return;
    }
    String namespace = lb.getMetadata().getNamespace();
    String name = lb.getMetadata().getName();
    if (reason.warning) {
      LOG.warn("{}/{}: {}: {}", namespace, name, reason, message);
    } else {
      LOG.info("{}/{}: {}: {}", namespace, name, reason, message);
    }
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                name
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        .toLowerCase(Locale.ROOT))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(lb.getApiVersion())
            .withKind(lb.getKind())
            .withName(name)
            .withNamespace(namespace)
            .withUid(lb.getMetadata().getUid())
            .withResourceVersion(lb.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(reason.type())
            .withReason(reason.name())
            .withMessage(
                message.length() > MAX_MESSAGE
                    ? message.substring(0, MAX_MESSAGE - 3) + "..."
                    : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record the {} Event on {}/{} (is 'create events' in the operator's RBAC?): {}",
          reason,
          namespace,
          name,
          e.getMessage());
    }
  }
}
