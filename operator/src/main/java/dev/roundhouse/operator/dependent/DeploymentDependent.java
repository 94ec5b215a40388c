package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.PodSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment {@code <name>-proxy} of proxy pods.
 *
 * <p>The pod template holds only what a pod cannot change while it runs: the image, the ports (the
 * admin port too, given as {@code --admin-port}, so that a reload never moves it away from the
 * probes), resources and the JVM flags that follow them, scheduling, and the restart stamp.
 * Everything the proxy can reload (backends, health checks, algorithm, timeouts, logging) reaches
 * it through the ConfigMap, so editing it never restarts a pod. The pods read their config with
 * {@code --configmap}, in the namespace the downward API gives them, and shut down gracefully: on
 * SIGTERM readiness fails at once, listeners stay open for {@link #SHUTDOWN_DELAY} while the
 * endpoints controller takes the pod out of the Service, then in-flight requests get up to {@link
 * #DRAIN_TIMEOUT}; the grace period covers both with room to spare.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.OWNED_SELECTOR))
public class DeploymentDependent extends OwnedResource<Deployment> {

  /** Time between SIGTERM and closing the listeners, for endpoints to drop the pod. */
  public static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(5);

  /** Bound on finishing in-flight requests once the listeners are closed. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Kubernetes kills the pod this long after SIGTERM: delay + drain + a margin. */
  public static final long TERMINATION_GRACE_SECONDS =
      SHUTDOWN_DELAY.plus(DRAIN_TIMEOUT).plusSeconds(10).toSeconds();

  /**
   * The lowest port a non-root process may bind once the pod sets the sysctl {@code
   * net.ipv4.ip_unprivileged_port_start} to 0; without it, ports below 1024 need a capability.
   */
  static final int FIRST_UNPRIVILEGED_PORT = 1024;

  /** The well-known labels the pods spread over by default: nodes, then zones. */
  static final List<String> SPREAD_KEYS =
      List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone");

  /** Created by the framework. */
  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(LoadBalancer lb, Context<LoadBalancer> context) {
    return render(lb, ReconcileInputs.of(context));
  }

  /** The Deployment of {@code lb}'s proxy pods, with what the reconciler decided this pass. */
  static Deployment render(LoadBalancer lb, ReconcileInputs inputs) {
    PodSettings pod = lb.getSpec().pod();
    // The user's labels and annotations first: the operator's own win on the same key.
    Map<String, String> podLabels = new LinkedHashMap<>(orEmpty(pod.podLabels()));
    podLabels.putAll(Names.labels(lb));
    Map<String, String> podAnnotations = new LinkedHashMap<>(orEmpty(pod.podAnnotations()));
    inputs
        .restartStamp()
        .ifPresent(stamp -> podAnnotations.put(LoadBalancer.RESTARTED_AT_ANNOTATION, stamp));
    return new DeploymentBuilder()
        .withMetadata(metadata(lb, Names.proxy(lb)))
        .withNewSpec()
        .withReplicas(lb.getSpec().replicas())
        .withNewSelector()
        .withMatchLabels(Names.selector(lb))
        .endSelector()
        // Bring a new pod up before an old one goes: capacity never drops during a rollout.
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(1))
        .withMaxUnavailable(new IntOrString(0))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations.isEmpty() ? null : podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(Names.proxy(lb))
        .withNodeSelector(pod.nodeSelector())
        .withTolerations(pod.tolerations())
        .withAffinity(pod.affinity())
        .withTopologySpreadConstraints(
            pod.topologySpreadConstraints() != null
                ? pod.topologySpreadConstraints()
                : softSpread(lb))
        .withImagePullSecrets(pod.imagePullSecrets())
        .withPriorityClassName(pod.priorityClassName())
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        // No runAsUser: the image's numeric USER runs, and OpenShift's restricted SCC may assign
        // one from the namespace's range, which a fixed UID here would make it reject.
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withSeccompProfile(runtimeDefaultSeccomp())
        .withSysctls(privilegedPortSysctls(lb.getSpec().config()))
        .endSecurityContext()
        .withContainers(container(lb, inputs.image()))
        // The root filesystem is read-only; the JVM and Netty still need a writable /tmp.
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addAllToVolumes(TlsSecretVolumes.volumes(lb.getSpec().config()))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * One pod per node and per zone where the scheduler can, never a pod left pending for it ({@code
   * ScheduleAnyway}): a node or zone outage then takes fewer proxies with it.
   */
  private static List<TopologySpreadConstraint> softSpread(LoadBalancer lb) {
    return SPREAD_KEYS.stream()
        .map(
            key ->
                new TopologySpreadConstraintBuilder()
                    .withMaxSkew(1)
                    .withTopologyKey(key)
                    .withWhenUnsatisfiable("ScheduleAnyway")
                    .withNewLabelSelector()
                    .withMatchLabels(Names.selector(lb))
                    .endLabelSelector()
                    .build())
        .toList();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map != null ? map : Map.of();
  }

  private static Container container(LoadBalancer lb, String image) {
    LoadBalancerConfig config = lb.getSpec().config();
    int metricsPort = config.metrics().port();
    ResourceRequirements resources = ProxyResources.of(lb.getSpec().resources());
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withApiVersion("v1")
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build());
    ProxyResources.jvmOptions(resources)
        .ifPresent(options -> env.add(new EnvVar(ProxyResources.JVM_OPTIONS_ENV, options, null)));
    return new ContainerBuilder()
        .withName(Names.CONTAINER)
        .withImage(image)
        // The admin server stays where the probes look, whatever metrics.port the ConfigMap says
        // on a hot reload: a metrics.port change rolls the pods instead (the template changes).
        .withArgs(
            "--configmap",
            Names.configMap(lb),
            "--admin-port",
            String.valueOf(metricsPort),
            "--admin-address",
            config.metrics().address(),
            "--shutdown-delay",
            GoDuration.format(SHUTDOWN_DELAY),
            "--drain-timeout",
            GoDuration.format(DRAIN_TIMEOUT))
        .withEnv(env)
        .withPorts(ports(config.frontends(), metricsPort))
        // Liveness counts only once the JVM has started and read its config: under a small CPU
        // limit that can take longer than liveness allows (3 x 10 s), which would kill every start.
        .withStartupProbe(probe("/healthz", metricsPort, 2, 60))
        .withReadinessProbe(probe("/readyz", metricsPort, 5, 2))
        .withLivenessProbe(probe("/healthz", metricsPort, 10, 3))
        .withResources(resources)
        .withSecurityContext(
            new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withSeccompProfile(runtimeDefaultSeccomp())
                .build())
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .addAllToVolumeMounts(TlsSecretVolumes.mounts(config))
        .build();
  }

  /**
   * Lets the non-root proxy, with every capability dropped, bind a port below 1024 (a frontend on
   * 80 or 443) in its own network namespace: the sysctl is namespaced, on Kubernetes' safe list (so
   * no kubelet flag is needed) and allowed by Pod Security "restricted". Set only when a port needs
   * it, so that pods listening on high ports keep the template they had.
   */
  private static List<Sysctl> privilegedPortSysctls(LoadBalancerConfig config) {
    boolean needed =
        config.metrics().port() < FIRST_UNPRIVILEGED_PORT
            || config.frontends().stream().anyMatch(f -> f.port() < FIRST_UNPRIVILEGED_PORT);
    return needed ? List.of(new Sysctl("net.ipv4.ip_unprivileged_port_start", "0")) : List.of();
  }

  /**
   * The container runtime's default seccomp profile. No {@code localhostProfile}, not even an empty
   * one: the API server rejects it unless the type is {@code Localhost}.
   */
  private static SeccompProfile runtimeDefaultSeccomp() {
    return new SeccompProfileBuilder().withType("RuntimeDefault").build();
  }

  private static List<ContainerPort> ports(List<Frontend> frontends, int metricsPort) {
    List<ContainerPort> ports = new ArrayList<>();
    for (Frontend frontend : frontends) {
      ports.add(port(Names.containerPort(frontend), frontend.port()));
    }
    ports.add(port(Names.METRICS_PORT_NAME, metricsPort));
    return ports;
  }

  private static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  private static Probe probe(String path, int port, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .withScheme("HTTP")
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
