package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Deployment {@code <name>-proxy} of proxy pods.
 *
 * <p>The pod template holds only what a pod cannot change while it runs: the image, the ports,
 * resources, and the restart stamp. Everything the proxy can reload (backends, health checks,
 * algorithm, timeouts, logging) reaches it through the ConfigMap, so editing it never restarts a
 * pod. The pods read their config with {@code --configmap}, in the namespace the downward API gives
 * them, and shut down gracefully: on SIGTERM readiness fails at once, listeners stay open for
 * {@link #SHUTDOWN_DELAY} while the endpoints controller takes the pod out of the Service, then
 * in-flight requests get up to {@link #DRAIN_TIMEOUT}; the grace period covers both with room to
 * spare.
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

  /** The non-root user (and group) the proxy runs as. */
  public static final long RUN_AS_USER = 65532;

  /** Created by the framework. */
  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(LoadBalancer lb, Context<LoadBalancer> context) {
    ReconcileInputs inputs = ReconcileInputs.of(context);
    Map<String, String> podAnnotations =
        inputs
            .restartStamp()
            .map(stamp -> Map.of(LoadBalancer.RESTARTED_AT_ANNOTATION, stamp))
            .orElse(null);
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
        .withLabels(Names.labels(lb))
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(Names.proxy(lb))
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS_USER)
        .withRunAsGroup(RUN_AS_USER)
        .withSeccompProfile(runtimeDefaultSeccomp())
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

  private static Container container(LoadBalancer lb, String image) {
    LoadBalancerConfig config = lb.getSpec().config();
    int metricsPort = config.metrics().port();
    return new ContainerBuilder()
        .withName(Names.CONTAINER)
        .withImage(image)
        .withArgs(
            "--configmap",
            Names.configMap(lb),
            "--shutdown-delay",
            GoDuration.format(SHUTDOWN_DELAY),
            "--drain-timeout",
            GoDuration.format(DRAIN_TIMEOUT))
        .addNewEnv()
        .withName("POD_NAMESPACE")
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .withPorts(ports(config.frontends(), metricsPort))
        // Liveness counts only once the JVM has started and read its config: under a small CPU
        // limit that can take longer than liveness allows (3 x 10 s), which would kill every start.
        .withStartupProbe(probe("/healthz", metricsPort, 2, 60))
        .withReadinessProbe(probe("/readyz", metricsPort, 5, 2))
        .withLivenessProbe(probe("/healthz", metricsPort, 10, 3))
        .withResources(lb.getSpec().resources())
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
