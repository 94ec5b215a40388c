package dev.roundhouse.operator.reconciler;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.LoadBalancerStatus;
import dev.roundhouse.api.v1alpha1.RolloutSettings;
import dev.roundhouse.operator.reconciler.EventRecorder.Reason;
import dev.roundhouse.operator.reconciler.RolloutStep.Flag;
import dev.roundhouse.operator.revision.SpecContent;
import dev.roundhouse.operator.revision.SpecHistory;
import dev.roundhouse.operator.revision.SpecRevision;
import dev.roundhouse.operator.rollout.BackendProbes;
import dev.roundhouse.operator.rollout.GateVerdict;
import dev.roundhouse.operator.rollout.HealthGate;
import dev.roundhouse.operator.rollout.LiveWatch;
import dev.roundhouse.operator.rollout.RolloutMetrics;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides, in each pass, which revision the proxies serve: the one the spec asks for, or the one in
 * force while the new one is health-gated, held, or after it was rolled back.
 *
 * <p>A new revision whose backends or health check differ from the served one's is gated: the
 * operator checks its backends ({@link HealthGate}) while the proxies keep the served revision.
 * Enough healthy within {@code rollout.gateTimeout}: it goes live and is watched for {@code
 * rollout.watchWindow} ({@link LiveWatch}); otherwise it is held. A live revision that fails its
 * watch is rolled back: the proxies return to the revision served before it. The spec itself is
 * never changed. Gates and watches run on their own scheduler; when one ends, it wakes the
 * resource's reconciliation, which reads the outcome here. The first revision of a resource has
 * nothing to protect and goes live at once, as does every revision with {@code rollout.enabled:
 * false} or {@code healthcheck.enabled: false} (nothing to check with).
 *
 * <p>What runs is kept in memory, per resource; after an operator restart a held or rolled-back
 * revision is recognised from the status (it stays held), and a gate that was running starts again.
 */
public final class RolloutDecider {

  /** {@code Progressing} while a gate runs. */
  static final String GATE_RUNNING = "HealthGate";

  /** {@code Progressing} while a revision is held. */
  static final String HELD = "RevisionFailedHealthGate";

  /** The Deployment's reason when its rollout stalled. */
  static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  /** {@code RolledBack} after a revision failed its watch or its pods did not roll out. */
  static final String FAILED_AFTER_ROLLOUT = "RevisionFailedAfterRollout";

  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private volatile IndexedResourceCache<LoadBalancer> primaries;
  private final KubernetesClient client;
  private final SpecHistory history;
  private final EventRecorder events;
  private final RolloutMetrics metrics;
  private final BackendProbes probes;
  private final ScheduledExecutorService scheduler;
  private final Consumer<ResourceID> wake;
  private final Clock clock;

  /**
   * A decider.
   *
   * @param scheduler where gates and watches run
   * @param wake starts a reconciliation of a resource, when its gate or watch ended
   */
  public RolloutDecider(
      KubernetesClient client,
      SpecHistory history,
      EventRecorder events,
      RolloutMetrics metrics,
      BackendProbes probes,
      ScheduledExecutorService scheduler,
      Consumer<ResourceID> wake,
      Clock clock) {
    this.client = requireNonNull(client, "client");
    this.history = requireNonNull(history, "history");
    this.events = requireNonNull(events, "events");
    this.metrics = requireNonNull(metrics, "metrics");
    this.probes = requireNonNull(probes, "probes");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.wake = requireNonNull(wake, "wake");
    this.clock = requireNonNull(clock, "clock");
    metrics.gauges(
        () -> existing().filter(r -> r instanceof Held || r instanceof RolledBack).count(),
        () -> existing().filter(Gating.class::isInstance).count());
  }

  /**
   * Keeps what runs in step with the LoadBalancers that exist ({@code primaries}, the controller's
   * cache, given at every pass): a deleted resource's gate or watch stops and its held revision no
   * longer counts. The operator has no finalizer, so a deletion brings no pass of its own; the
   * metrics read the cache until the next pass prunes.
   */
  void track(IndexedResourceCache<LoadBalancer> primaries) {
    this.primaries = primaries;
    Set<String> live = uids(primaries);
    runs.entrySet()
        .removeIf(
            e -> {
              boolean gone = !live.contains(e.getKey());
              if (gone) {
                e.getValue().cancel();
              }
              return gone;
            });
  }

  /** The runs of resources that still exist, as far as the last cache given tells. */
  private Stream<Run> existing() {
    IndexedResourceCache<LoadBalancer> cache = primaries;
    if (cache == null) {
      return runs.values().stream();
    }
    Set<String> live = uids(cache);
    return runs.entrySet().stream().filter(e -> live.contains(e.getKey())).map(Map.Entry::getValue);
  }

  private static Set<String> uids(IndexedResourceCache<LoadBalancer> cache) {
    return cache.list().map(lb -> lb.getMetadata().getUid()).collect(Collectors.toSet());
  }

  /** A revision and what it holds. */
  private record Served(long number, SpecContent content) {}

  /** What runs for a resource, about its desired revision. */
  private sealed interface Run {
    long desired();

    Served served();

    default void cancel() {}
  }

  /**
   * The desired revision is live; {@code before} is the revision served before it, while its pod
   * template differs: where a rollout that never completes returns to.
   */
  private record Live(long desired, SpecContent content, Optional<Served> before) implements Run {
    @Override
    public Served served() {
      return new Served(desired, content);
    }
  }

  /**
   * {@code targets}: the backends checked, each round; the watch after the gate checks them too.
   */
  private record Gating(
      long desired,
      SpecContent content,
      Served served,
      HealthGate gate,
      Supplier<List<Backend>> targets)
      implements Run {
    @Override
    public void cancel() {
      gate.cancel();
    }
  }

  private record Held(long desired, Served served, String why) implements Run {}

  private record Watching(long desired, SpecContent content, Served previous, LiveWatch watch)
      implements Run {
    @Override
    public Served served() {
      return new Served(desired, content);
    }

    @Override
    public void cancel() {
      watch.cancel();
    }
  }

  private record RolledBack(long desired, Served served, String why) implements Run {}

  /**
   * The step of this pass for {@code lb}, whose spec (valid) is recorded as revision {@code
   * desired}.
   *
   * @param slicesOf the EndpointSlices of a Service (by name) in {@code lb}'s namespace; read again
   *     by each round of a gate or watch this starts, on the scheduler
   */
  RolloutStep decide(
      LoadBalancer lb,
      long desired,
      Optional<Deployment> deployment,
      Function<String, List<EndpointSlice>> slicesOf) {
    String key = lb.getMetadata().getUid();
    RolloutSettings settings = lb.getSpec().rollout();
    Run run = runs.get(key);
    if (promoteRequested(lb) && removePromoteRequest(lb)) {
      return promote(lb, desired, run);
    }
    if (run != null && run.desired() == desired && settings.enabled()) {
      return follow(lb, run, deployment);
    }
    if (run != null) {
      run.cancel();
    }
    SpecContent content = SpecContent.of(lb.getSpec());
    Long inForce = status(lb).getCurrentRevision();
    HealthCheck check = lb.getSpec().config().healthcheck();
    if (!settings.enabled() || inForce == null || inForce == desired) {
      return goLive(key, desired, content, Optional.empty());
    }
    if (run == null) {
      Optional<Run> recovered = recover(lb, desired, inForce);
      if (recovered.isPresent()) {
        runs.put(key, recovered.get());
        return follow(lb, recovered.get(), deployment);
      }
    }
    Optional<Served> current =
        run != null ? Optional.of(run.served()) : find(lb, inForce).map(this::served);
    if (current.isEmpty()) {
      return goLive(key, desired, content, Optional.empty());
    }
    if (!check.enabled() || !gated(lb) || current.get().content().sameBackends(content)) {
      return goLive(key, desired, content, podLevelChange(current.get(), content));
    }
    return startGate(lb, desired, content, current.get(), probed(lb, slicesOf));
  }

  private RolloutStep goLive(
      String key, long desired, SpecContent content, Optional<Served> before) {
    runs.put(key, new Live(desired, content, before));
    return RolloutStep.live(desired, false);
  }

  /** {@code before}, if its pod template differs from {@code content}'s. */
  private static Optional<Served> podLevelChange(Served before, SpecContent content) {
    return before.content().samePodTemplate(content) ? Optional.empty() : Optional.of(before);
  }

  private RolloutStep startGate(
      LoadBalancer lb,
      long desired,
      SpecContent content,
      Served current,
      Supplier<List<Backend>> targets) {
    RolloutSettings settings = lb.getSpec().rollout();
    var config = lb.getSpec().config();
    int now = targets.get().size();
    int required = settings.requiredHealthy(now);
    ResourceID id = ResourceID.fromResource(lb);
    HealthGate gate =
        new HealthGate(
            targets,
            config.healthcheck(),
            settings::requiredHealthy,
            settings.gateTimeout(),
            probes,
            scheduler,
            () -> wake.accept(id));
    Gating gating = new Gating(desired, content, current, gate, targets);
    runs.put(lb.getMetadata().getUid(), gating);
    events.record(
        lb,
        Reason.HealthGateStarted,
        "checking the backends of revision "
            + desired
            + " ("
            + required
            + " of "
            + now
            + " must be healthy within "
            + GoDuration.format(settings.gateTimeout())
            + ") before it goes live; revision "
            + current.number()
            + " stays in force meanwhile"
            + (ServiceBackendRefs.any(lb)
                ? "; the ready endpoints of its service backends are read again each round"
                : ""));
    gate.start();
    return gatingStep(gating, settings);
  }

  private RolloutStep follow(LoadBalancer lb, Run run, Optional<Deployment> deployment) {
    String key = lb.getMetadata().getUid();
    RolloutSettings settings = lb.getSpec().rollout();
    Optional<Served> stuckFrom = stalledAfter(run);
    Optional<String> stalled = deployment.flatMap(RolloutDecider::progressDeadlineExceeded);
    if (stuckFrom.isPresent() && stalled.isPresent()) {
      run.cancel();
      return rollBack(
          lb,
          run.desired(),
          stuckFrom.get(),
          "its proxy pods did not roll out: "
              + stalled.get()
              + "; the pod template is back to revision "
              + stuckFrom.get().number()
              + "'s",
          PROGRESS_DEADLINE_EXCEEDED);
    }
    if (run instanceof Gating gating) {
      Optional<GateVerdict> verdict = gating.gate().verdict();
      if (verdict.isEmpty()) {
        return gatingStep(gating, settings);
      }
      metrics.gateEnded(verdict.get().passed());
      if (verdict.get().passed()) {
        return passed(lb, gating, verdict.get());
      }
      String why =
          "revision "
              + gating.desired()
              + " is held: "
              + verdict.get().describe()
              + " within "
              + GoDuration.format(settings.gateTimeout())
              + "; revision "
              + gating.served().number()
              + " stays in force. Fix the backends or the spec, or force it live with"
              + " kubectl roundhouse promote "
              + lb.getMetadata().getName();
      events.record(lb, Reason.RevisionHeld, why);
      Held held = new Held(gating.desired(), gating.served(), why);
      runs.put(key, held);
      return heldStep(held);
    }
    if (run instanceof Held held) {
      return heldStep(held);
    }
    if (run instanceof Watching watching) {
      Optional<LiveWatch.Ending> ending = watching.watch().ending();
      if (ending.isEmpty()) {
        return RolloutStep.live(watching.desired(), true);
      }
      if (ending.get() instanceof LiveWatch.Ending.Failed failed) {
        return rollBack(lb, watching, failed);
      }
      history.markGood(lb, watching.desired(), clock.instant());
      events.record(
          lb,
          Reason.RevisionProven,
          "revision "
              + watching.desired()
              + " stayed healthy for its watch window ("
              + GoDuration.format(settings.watchWindow())
              + "): it is the last good revision");
      runs.put(
          key,
          new Live(
              watching.desired(),
              watching.content(),
              podLevelChange(watching.previous(), watching.content())));
      return RolloutStep.live(watching.desired(), false);
    }
    if (run instanceof RolledBack rolledBack) {
      return rolledBackStep(rolledBack);
    }
    return RolloutStep.live(run.desired(), false);
  }

  private RolloutStep passed(LoadBalancer lb, Gating gating, GateVerdict verdict) {
    RolloutSettings settings = lb.getSpec().rollout();
    var config = lb.getSpec().config();
    events.record(
        lb,
        Reason.NewRevision,
        "revision "
            + gating.desired()
            + " passed its health gate ("
            + verdict.describe()
            + ") and is in force; the proxies reload their config in place");
    if (settings.watchWindow().isZero()) {
      runs.put(
          lb.getMetadata().getUid(),
          new Live(
              gating.desired(),
              gating.content(),
              podLevelChange(gating.served(), gating.content())));
      return RolloutStep.live(gating.desired(), false);
    }
    ResourceID id = ResourceID.fromResource(lb);
    LiveWatch watch =
        new LiveWatch(
            gating.targets(),
            config.healthcheck(),
            settings::requiredHealthy,
            settings.unhealthyThreshold(),
            settings.watchWindow(),
            probes,
            scheduler,
            () -> wake.accept(id));
    runs.put(
        lb.getMetadata().getUid(),
        new Watching(gating.desired(), gating.content(), gating.served(), watch));
    watch.start();
    return RolloutStep.live(gating.desired(), true);
  }

  private RolloutStep rollBack(LoadBalancer lb, Watching watching, LiveWatch.Ending.Failed failed) {
    return rollBack(
        lb,
        watching.desired(),
        watching.previous(),
        failed.last().describe() + ", " + failed.rounds() + " checks in a row",
        FAILED_AFTER_ROLLOUT);
  }

  /** Returns the proxies to {@code previous}: {@code desired} failed for {@code what}. */
  private RolloutStep rollBack(
      LoadBalancer lb, long desired, Served previous, String what, String metricReason) {
    String why =
        "revision "
            + desired
            + " failed after it went live: "
            + what
            + "; the proxies are back on revision "
            + previous.number()
            + ". Fix the spec, or force it live with kubectl roundhouse promote "
            + lb.getMetadata().getName();
    events.record(lb, Reason.RevisionFailedAfterRollout, why);
    metrics.rolledBack(metricReason);
    RolledBack rolledBack = new RolledBack(desired, previous, why);
    runs.put(lb.getMetadata().getUid(), rolledBack);
    return rolledBackStep(rolledBack);
  }

  /**
   * The revision to return to if the proxy Deployment's rollout of {@code run}'s revision stalls:
   * the one served before it, when the pod template changed; empty otherwise, and for a revision
   * that is not live.
   */
  private static Optional<Served> stalledAfter(Run run) {
    if (run instanceof Live live) {
      return live.before();
    }
    if (run instanceof Watching watching) {
      return podLevelChange(watching.previous(), watching.content());
    }
    return Optional.empty();
  }

  /** What the Deployment says, if it reports {@code ProgressDeadlineExceeded}. */
  private static Optional<String> progressDeadlineExceeded(Deployment deployment) {
    return Optional.ofNullable(deployment.getStatus()).stream()
        .flatMap(s -> s.getConditions().stream())
        .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
        .filter(c -> PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()))
        .map(c -> PROGRESS_DEADLINE_EXCEEDED + " (" + c.getMessage() + ")")
        .findFirst();
  }

  private RolloutStep promote(LoadBalancer lb, long desired, Run run) {
    if (run != null) {
      run.cancel();
    }
    String from =
        run == null || run.served().number() == desired
            ? ""
            : " (the proxies served revision " + run.served().number() + ")";
    events.record(
        lb,
        Reason.Promoted,
        "revision " + desired + " was promoted by hand and is in force" + from);
    metrics.promoted();
    history.markGood(lb, desired, clock.instant());
    return goLive(
        lb.getMetadata().getUid(), desired, SpecContent.of(lb.getSpec()), Optional.empty());
  }

  private static RolloutStep gatingStep(Gating gating, RolloutSettings settings) {
    return new RolloutStep(
        gating.served().number(),
        Optional.of(gating.served().content()),
        Optional.of(
            new Flag(
                true,
                GATE_RUNNING,
                "checking the backends of revision "
                    + gating.desired()
                    + " before it goes live (for up to "
                    + GoDuration.format(settings.gateTimeout())
                    + "); revision "
                    + gating.served().number()
                    + " stays in force")),
        Optional.empty(),
        false,
        true);
  }

  private static RolloutStep heldStep(Held held) {
    return new RolloutStep(
        held.served().number(),
        Optional.of(held.served().content()),
        Optional.of(new Flag(false, HELD, held.why())),
        Optional.empty(),
        false,
        false);
  }

  private static RolloutStep rolledBackStep(RolledBack rolledBack) {
    return new RolloutStep(
        rolledBack.served().number(),
        Optional.of(rolledBack.served().content()),
        Optional.empty(),
        Optional.of(new Flag(true, FAILED_AFTER_ROLLOUT, rolledBack.why())),
        false,
        false);
  }

  /**
   * A held or rolled-back revision this operator does not remember (it restarted), as the status
   * shows it: it stays so, with the status's message.
   */
  private Optional<Run> recover(LoadBalancer lb, long desired, long inForce) {
    LoadBalancerStatus status = status(lb);
    if (status.getDesiredRevision() == null || status.getDesiredRevision() != desired) {
      return Optional.empty();
    }
    Optional<String> held =
        Conditions.find(status.getConditions(), Conditions.PROGRESSING)
            .filter(c -> HELD.equals(c.getReason()))
            .map(c -> c.getMessage());
    Optional<String> rolledBack =
        Conditions.find(status.getConditions(), Conditions.ROLLED_BACK)
            .filter(c -> "True".equals(c.getStatus()))
            .map(c -> c.getMessage());
    if (held.isEmpty() && rolledBack.isEmpty()) {
      return Optional.empty();
    }
    Optional<Served> served = find(lb, inForce).map(this::served);
    if (served.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        held.isPresent()
            ? new Held(desired, served.get(), held.get())
            : new RolledBack(desired, served.get(), rolledBack.get()));
  }

  /**
   * Whether {@code lb} has backends to gate: one given by URL, or a {@code service} backend (even
   * with no ready endpoint yet: it is held until one is healthy, or the gate times out).
   */
  private static boolean gated(LoadBalancer lb) {
    return lb.getSpec().config().backends().stream()
        .anyMatch(b -> b.url() != null || b.service() != null);
  }

  /**
   * The backends the operator checks, read again on each call (each round of a gate or watch):
   * those given by URL, and each ready endpoint of each {@code service} backend, from the
   * EndpointSlices {@code slicesOf} gives, as the proxies expand it.
   */
  private static Supplier<List<Backend>> probed(
      LoadBalancer lb, Function<String, List<EndpointSlice>> slicesOf) {
    List<Backend> backends = List.copyOf(lb.getSpec().config().backends());
    return () ->
        backends.stream()
            .flatMap(
                b ->
                    b.service() != null
                        ? ServiceBackendRefs.readyEndpoints(b, slicesOf.apply(b.service().name()))
                            .stream()
                        : Stream.of(b).filter(u -> u.url() != null))
            .toList();
  }

  private Optional<SpecRevision> find(LoadBalancer lb, long number) {
    return history.find(lb, number);
  }

  private Served served(SpecRevision revision) {
    return new Served(revision.number(), revision.content());
  }

  private static boolean promoteRequested(LoadBalancer lb) {
    Map<String, String> annotations = lb.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(LoadBalancer.PROMOTE_ANNOTATION);
  }

  /**
   * Removes the promote request from the stored resource; false if it is gone already (the cached
   * copy may still show a request an earlier pass carried out).
   */
  private boolean removePromoteRequest(LoadBalancer lb) {
    var resource =
        client
            .resources(LoadBalancer.class)
            .inNamespace(lb.getMetadata().getNamespace())
            .withName(lb.getMetadata().getName());
    LoadBalancer latest = resource.get();
    if (latest == null || !promoteRequested(latest)) {
      return false;
    }
    resource.edit(
        r -> {
          r.getMetadata().getAnnotations().remove(LoadBalancer.PROMOTE_ANNOTATION);
          return r;
        });
    return true;
  }

  private static LoadBalancerStatus status(LoadBalancer lb) {
    return Optional.ofNullable(lb.getStatus()).orElseGet(LoadBalancerStatus::new);
  }
}
