package dev.roundhouse.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.reconciler.EventRecorder;
import dev.roundhouse.operator.reconciler.LoadBalancerReconciler;
import dev.roundhouse.operator.reconciler.RollbackHandler;
import dev.roundhouse.operator.reconciler.RolloutDecider;
import dev.roundhouse.operator.reconciler.StoredSpec;
import dev.roundhouse.operator.revision.SpecHistory;
import dev.roundhouse.operator.rollout.BackendProbes;
import dev.roundhouse.operator.rollout.RolloutMetrics;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator, wired in one place: the framework configured from {@link OperatorSettings}, the
 * {@code LoadBalancer} controller registered on the watched namespaces, leader election, metrics.
 * {@code OperatorMain} runs one; the tests run one (or two) against the mock API server.
 */
public final class RoundhouseOperator {

  private static final Logger LOG = LoggerFactory.getLogger(RoundhouseOperator.class);

  /** How long a stop waits for running reconciliations. */
  public static final Duration RECONCILIATION_GRACE = Duration.ofSeconds(10);

  /**
   * How long a stop tries to release the lease: one request, no retries. With {@link
   * #RECONCILIATION_GRACE} it bounds a stop well inside the pod's 30 s grace period even when the
   * API server is unreachable, where the client's default retries took about 19 s.
   */
  public static final Duration LEASE_RELEASE_TIMEOUT = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Operator operator;
  private final AtomicBoolean leader = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final String leaseNamespace;
  private final ScheduledExecutorService rolloutChecks;

  /**
   * An operator that talks to the API through {@code client} and records metrics in {@code
   * registry}.
   *
   * @param client a client reading with {@link TolerantSerialization}, so that one resource this
   *     operator cannot fully read does not stop the watch of all
   * @param exit run when the process should exit, after the reason is logged: this replica lost the
   *     lease while not stopping (a fresh replica takes part in the next election), or a watch
   *     stopped on an error it cannot recover from (a restarted operator starts a new watch)
   */
  public RoundhouseOperator(
      KubernetesClient client, OperatorSettings settings, MeterRegistry registry, Runnable exit) {
    this.client = requireNonNull(client, "client");
    this.settings = requireNonNull(settings, "settings");
    requireNonNull(exit, "exit");
    this.leaseNamespace =
        Objects.requireNonNullElseGet(
            settings.leaseNamespace(), () -> client.getConfiguration().getNamespace());
    this.operator = new Operator(o -> configure(o, registry, exit));
    SpecHistory history = new SpecHistory(client);
    EventRecorder events = new EventRecorder(client, settings.identity(), Clock.systemUTC());
    // Health gates and watches run here, never on a reconciliation thread; their HTTP checks are
    // asynchronous, so one thread serves them all.
    this.rolloutChecks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rollout-checks");
              t.setDaemon(true);
              return t;
            });
    SimpleInboundEventSource<LoadBalancer> rolloutEnded =
        new SimpleInboundEventSource<>("rollout-ended");
    RolloutDecider rollouts =
        new RolloutDecider(
            client,
            history,
            events,
            new RolloutMetrics(registry),
            BackendProbes.create(),
            rolloutChecks,
            rolloutEnded::propagateEvent,
            Clock.systemUTC());
    LoadBalancerReconciler reconciler =
        new LoadBalancerReconciler(
            settings.proxyImage(),
            new StoredSpec(client),
            new RollbackHandler(client, history),
            history,
            events,
            rollouts,
            rolloutEnded,
            Clock.systemUTC());
    operator.register(
        reconciler,
        o -> {
          if (settings.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(settings.watchNamespaces());
          }
        });
    Gauge.builder("roundhouse.operator.leader", leader, l -> l.get() ? 1 : 0)
        .description(
            "1 while this replica holds the lease and reconciles (always 1 without leader election)")
        .register(registry);
  }

  private void configure(ConfigurationServiceOverrider o, MeterRegistry registry, Runnable exit) {
    o.withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // A stop lets running reconciliations finish rather than interrupting them mid-write.
        .withReconciliationTerminationTimeout(RECONCILIATION_GRACE)
        .withMetrics(new OperatorMetrics(registry))
        .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
        .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply())
        .withInformerStoppedHandler((informer, error) -> informerStopped(informer, error, exit));
    if (settings.leaderElection()) {
      LeaderCallbacks callbacks =
          new LeaderCallbacks(
              () -> {
                leader.set(true);
                LOG.info("This replica ({}) is the leader: reconciling", settings.identity());
              },
              () -> {
                leader.set(false);
                if (!stopping.get()) {
                  LOG.error(
                      "This replica ({}) lost the lease {}/{}; exiting so that a new replica joins the election",
                      settings.identity(),
                      leaseNamespace,
                      OperatorSettings.LEASE_NAME);
                  exit.run();
                }
              },
              newLeader ->
                  LOG.info(
                      "The leader is now {}",
                      newLeader == null || newLeader.isBlank()
                          ? "nobody (lease released)"
                          : newLeader));
      OperatorSettings.LeaseTiming timing = settings.leaseTiming();
      o.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(
              OperatorSettings.LEASE_NAME,
              leaseNamespace,
              timing.duration(),
              timing.renewDeadline(),
              timing.retryPeriod(),
              settings.identity(),
              callbacks,
              false));
    }
  }

  /**
   * A watch that stops on an error after it had synced leaves the operator half alive: reconciling
   * nothing for that kind while reporting healthy. Exiting lets Kubernetes restart it with a fresh
   * watch. The framework's default does the same with {@code System.exit}; this says why first and
   * leaves the exit to the caller.
   */
  private void informerStopped(SharedIndexInformer<?> informer, Throwable error, Runnable exit) {
    if (error == null || !informer.hasSynced() || stopping.get()) {
      LOG.debug(
          "A watch stopped ({}): {}", informer, error == null ? "no error" : error.toString());
      return;
    }
    LOG.error(
        "The watch of {} stopped on an error it cannot recover from; exiting so that a restarted"
            + " operator watches again",
        informer.getApiTypeClass().getSimpleName(),
        error);
    exit.run();
  }

  /** Starts the informers and, once leader (at once without leader election), reconciling. */
  public void start() {
    operator.start();
    if (!settings.leaderElection()) {
      leader.set(true);
    }
    LOG.info(
        "Operator started: watching {}, default proxy image {}, leader election {}, server-side apply {}",
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
        settings.proxyImage(),
        settings.leaderElection()
            ? "on (lease " + leaseNamespace + "/" + OperatorSettings.LEASE_NAME + ")"
            : "off",
        settings.serverSideApply());
  }

  /**
   * Stops reconciling, lets running reconciliations finish, and hands the lease over at once rather
   * than making the next leader wait for it to expire.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    boolean wasLeader = leader.get();
    operator.stop();
    rolloutChecks.shutdownNow();
    leader.set(false);
    if (settings.leaderElection() && wasLeader) {
      releaseLease();
    }
    LOG.info("Operator stopped");
  }

  /** Whether this replica is reconciling. */
  public boolean isLeader() {
    return leader.get();
  }

  /** The framework's view of itself, for the health endpoints. */
  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  private void releaseLease() {
    try {
      client
          .newClient(
              new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                  .withRequestRetryBackoffLimit(0)
                  .withRequestTimeout((int) LEASE_RELEASE_TIMEOUT.toMillis())
                  .build())
          .adapt(KubernetesClient.class)
          .leases()
          .inNamespace(leaseNamespace)
          .withName(OperatorSettings.LEASE_NAME)
          .edit(
              (Lease lease) -> {
                if (settings.identity().equals(lease.getSpec().getHolderIdentity())) {
                  lease.getSpec().setHolderIdentity(null);
                  lease.getSpec().setLeaseDurationSeconds(1);
                }
                return lease;
              });
      LOG.info("Released the lease {}/{}", leaseNamespace, OperatorSettings.LEASE_NAME);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not release the lease {}/{}; the next leader waits for it to expire: {}",
          leaseNamespace,
          OperatorSettings.LEASE_NAME,
          e.getMessage());
    }
  }
}
