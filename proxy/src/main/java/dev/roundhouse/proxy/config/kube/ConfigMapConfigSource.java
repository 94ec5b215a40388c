package dev.roundhouse.proxy.config.kube;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.config.ConfigSource;
import dev.roundhouse.proxy.config.SourceReading;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --configmap NAME [--namespace NS]}: the config in a ConfigMap's {@code config.yaml} key,
 * watched through the Kubernetes API.
 *
 * <p>A single-object informer ({@code withName(NAME)}) sees each change within milliseconds. The
 * informer reconnects by itself, but silently and with a back-off of up to half a minute, so a
 * probe (a GET of the ConfigMap, every 10 s by default) tells when the API server is gone and when
 * it is back: the outage and the recovery are logged once each, the proxy serves what it has
 * meanwhile, and on recovery the informer is started anew so that changes made during the outage
 * apply at once. A deleted ConfigMap is logged and otherwise ignored: the last config stays in
 * force until it is created again. A ConfigMap without the key is an unusable reading (a rejected
 * reload).
 */
public final class ConfigMapConfigSource implements ConfigSource {

  /** How often the API server is probed when no interval is given. */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ConfigMapConfigSource.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String origin;
  private final Duration probeInterval;
  private final WatchOutageLog outage;
  private Consumer<SourceReading> listener;
  private SharedIndexInformer<ConfigMap> informer;
  private int generation;
  private ScheduledExecutorService probe;

  /** Watches ConfigMap {@code name} in {@code namespace}, probing every 10 s. */
  public ConfigMapConfigSource(KubernetesClient client, String namespace, String name) {
    this(client, namespace, name, DEFAULT_PROBE_INTERVAL);
  }

  /** Watches ConfigMap {@code name} in {@code namespace}, probing every {@code probeInterval}. */
  public ConfigMapConfigSource(
      KubernetesClient client, String namespace, String name, Duration probeInterval) {
    this.client = requireNonNull(client, "client");
    this.namespace = requireNonNull(namespace, "namespace");
    this.name = requireNonNull(name, "name");
    this.probeInterval = requireNonNull(probeInterval, "probeInterval");
    this.origin = "configmap " + namespace + "/" + name;
    this.outage = new WatchOutageLog(origin);
  }

  /**
   * The namespace of {@code --configmap}: {@code --namespace} when given, else the pod's own
   * ({@code POD_NAMESPACE}, set through the downward API), else the client's (kubeconfig or
   * in-cluster).
   */
  public static String namespace(String flag, Map<String, String> env, KubernetesClient client) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    String pod = env.get("POD_NAMESPACE");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }

  @Override
  public String describe() {
    return origin;
  }

  @Override
  public SourceReading read() {
    try {
      ConfigMap configMap = resource().get();
      if (configMap == null) {
        return new SourceReading.Unusable(origin, origin + " does not exist");
      }
      return ConfigMapReading.of(configMap, origin);
    } catch (KubernetesClientException e) {
      return new SourceReading.Unusable(
          origin, "cannot read " + origin + " from the API server: " + ErrorMessages.describe(e));
    }
  }

  @Override
  public synchronized void start(Consumer<SourceReading> listener) {
    if (this.listener != null) {
      throw new IllegalStateException("already started");
    }
    this.listener = requireNonNull(listener, "listener");
    startInformer();
    probe =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "configmap-probe");
              t.setDaemon(true);
              return t;
            });
    long every = probeInterval.toMillis();
    probe.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
  }

  /** Whether the informer's watch runs: false before it first starts. */
  public synchronized boolean watching() {
    return informer != null && informer.isWatching();
  }

  private void probe() {
    try {
      resource().get(); // null (deleted) is fine: the server answered
    } catch (KubernetesClientException e) {
      outage.failed(e);
      return;
    }
    if (outage.reachable()) {
      restartInformer();
    }
  }

  private synchronized void startInformer() {
    int mine = ++generation;
    informer = resource().runnableInformer(0);
    informer.exceptionHandler(
        (started, error) -> {
          outage.failed(error);
          return true; // keep retrying: the proxy must come back by itself after an outage
        });
    informer.addEventHandler(new Handler(mine));
    informer.start();
  }

  private synchronized void restartInformer() {
    if (informer == null || probe.isShutdown()) {
      return;
    }
    informer.close();
    startInformer();
  }

  private synchronized boolean current(int generationOfEvent) {
    return generationOfEvent == generation;
  }

  private Resource<ConfigMap> resource() {
    return client.configMaps().inNamespace(namespace).withName(name);
  }

  @Override
  public synchronized void close() {
    if (probe != null) {
      probe.shutdownNow();
    }
    if (informer != null) {
      informer.close();
    }
  }

  /** Turns one informer's events into readings; a delete only logs. */
  private final class Handler implements ResourceEventHandler<ConfigMap> {
    private final int generation;

    Handler(int generation) {
      this.generation = generation;
    }

    @Override
    public void onAdd(ConfigMap configMap) {
      deliver(configMap);
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
      deliver(after);
    }

    private void deliver(ConfigMap configMap) {
      // An informer replaced after an outage may still flush an old event: it must not win.
      if (current(generation)) {
        listener.accept(ConfigMapReading.of(configMap, origin));
      }
    }

    @Override
    public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
      if (current(generation)) {
        log.warn(
            "{} was deleted; the proxy keeps serving its current config until the ConfigMap is"
                + " created again",
            origin);
      }
    }
  }
}
