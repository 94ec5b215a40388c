package dev.roundhouse.operator;

import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.operator.runtime.AdminServer;
import dev.roundhouse.operator.runtime.LogSetup;
import dev.roundhouse.operator.runtime.OperatorSettings;
import dev.roundhouse.operator.runtime.RoundhouseOperator;
import dev.roundhouse.operator.runtime.TolerantSerialization;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's command line. Every flag can also be given as an environment variable (named in
 * its description), which is how the Helm chart configures it.
 */
@Command(
    name = "roundhouse-operator",
    mixinStandardHelpOptions = true,
    versionProvider = OperatorMain.Version.class,
    description = "Runs the Roundhouse operator: LoadBalancer resources become proxy pods.")
public final class OperatorMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  @Option(
      names = "--watch-namespaces",
      split = ",",
      defaultValue = "${env:WATCH_NAMESPACES:-}",
      description = "Namespaces to watch, comma-separated; empty for all (env WATCH_NAMESPACES).")
  List<String> watchNamespaces = List.of();

  @Option(
      names = "--proxy-image",
      defaultValue = "${env:PROXY_IMAGE:-" + OperatorSettings.DEFAULT_PROXY_IMAGE + "}",
      description =
          "Image of a LoadBalancer without spec.image (env PROXY_IMAGE; default ${DEFAULT-VALUE}).")
  String proxyImage;

  @Option(
      names = "--leader-election",
      arity = "1",
      defaultValue = "${env:LEADER_ELECTION:-true}",
      description =
          "Elect a leader through a Lease so replicas can run (env LEADER_ELECTION; default ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--leader-election-namespace",
      defaultValue = "${env:POD_NAMESPACE:-}",
      description = "Namespace of the Lease (env POD_NAMESPACE; default the client's namespace).")
  String leaseNamespace;

  // A test setting, left out of --help, the chart and the docs' flag table: the fabric8 mock API
  // server of the tests has no server-side apply. Against a real API server, writing without it
  // rewrites the Deployment and Service on every pass (server-filled fields count as drift) and
  // never removes a Service annotation the spec dropped.
  @Option(
      names = "--server-side-apply",
      arity = "1",
      hidden = true,
      defaultValue = "${env:SERVER_SIDE_APPLY:-true}",
      description = "Tests only: false writes without server-side apply.")
  boolean serverSideApply;

  @Option(
      names = "--port",
      defaultValue = "${env:PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics (env PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--log-format",
      defaultValue = "${env:LOG_FORMAT:-json}",
      description = "json or text (env LOG_FORMAT; default ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  @Option(
      names = "--log-level",
      defaultValue = "${env:LOG_LEVEL:-info}",
      description = "trace, debug, info, warn or error (env LOG_LEVEL; default ${DEFAULT-VALUE}).")
  LogLevel logLevel;

  /** Runs the operator until SIGTERM or SIGINT. */
  public static void main(String[] args) {
    int code =
        new CommandLine(new OperatorMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    LogSetup.apply(logFormat, logLevel);
    OperatorSettings settings = settings();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    KubernetesClient client =
        new KubernetesClientBuilder()
            .withKubernetesSerialization(new TolerantSerialization())
            .build();
    RoundhouseOperator operator =
        new RoundhouseOperator(
            client, settings, registry, () -> new Thread(() -> System.exit(1), "exit").start());
    AdminServer admin = new AdminServer(port, registry, operator::runtimeInfo);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping: finishing running reconciliations");
                  admin.markStopping();
                  operator.stop();
                  admin.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    admin.start();
    LOG.info("Serving /healthz, /readyz and /metrics on port {}", admin.port());
    operator.start();
    stopped.await();
    return 0;
  }

  private OperatorSettings settings() {
    Set<String> namespaces = new HashSet<>();
    for (String namespace : watchNamespaces) {
      if (!namespace.isBlank()) {
        namespaces.add(namespace.trim());
      }
    }
    String identity =
        Optional.ofNullable(System.getenv("POD_NAME"))
            .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
            .filter(s -> !s.isBlank())
            .orElseGet(() -> "roundhouse-operator-" + UUID.randomUUID());
    return new OperatorSettings(
        namespaces,
        proxyImage,
        leaderElection,
        leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace,
        identity,
        OperatorSettings.LeaseTiming.DEFAULT,
        serverSideApply);
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OperatorMain.class.getPackage().getImplementationVersion();
      return new String[] {"roundhouse-operator " + (version == null ? "dev" : version)};
    }
  }
}
