package dev.roundhouse.proxy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.config.ConfigRevisionHistory;
import dev.roundhouse.proxy.config.ReloadOutcome;
import dev.roundhouse.proxy.config.admin.AdminToken;
import dev.roundhouse.proxy.logging.LoggingSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The proxy's command line: reads the flags, then runs the {@link RunningProxy}. */
@Command(
    name = "roundhouse-proxy",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "An HTTP/1.1 load balancer. Reads its config from a YAML file or a Kubernetes ConfigMap,"
          + " watches it and applies each change without dropping a request; or builds a config"
          + " from --port and --backend. Flags given with a file or a ConfigMap override its"
          + " values.",
    },
    footer = {
      "",
      "Examples:",
      "  roundhouse-proxy --config config.yaml",
      "  roundhouse-proxy --configmap web --namespace shop --admin-port 9090 --shutdown-delay 5s",
      "  roundhouse-proxy --port 8080 --backend http://127.0.0.1:9001"
          + " --backend http://127.0.0.1:9002 --algorithm least-connections",
      "  roundhouse-proxy --validate config.yaml",
      "",
      "Signals: SIGHUP re-reads the config. SIGTERM or SIGINT: /readyz answers 503, the listeners"
          + " close after --shutdown-delay, requests in flight finish (at most --drain-timeout),"
          + " then the proxy exits 0; a second signal exits at once.",
      "",
      "Exit status: 0 for --help, --version, a valid --validate and a graceful stop; 1 for an"
          + " invalid config, one that cannot be put in force (a port in use) or an unreadable"
          + " admin token; 2 for an invalid command line.",
    })
public final class ProxyCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The config file (YAML), watched for changes and re-read on SIGHUP.")
  Path config;

  @Option(
      names = "--configmap",
      paramLabel = "NAME",
      description =
          "Read the config from the key config.yaml of this ConfigMap and watch it through the"
              + " Kubernetes API (in-cluster, KUBECONFIG or KUBERNETES_MASTER).")
  String configMap;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "The namespace of --configmap. Default: env POD_NAMESPACE, else the client's namespace.")
  String namespace;

  @Option(
      names = "--port",
      paramLabel = "N",
      description =
          "A port to listen on (repeatable). Replaces the config's frontends. Default 8080"
              + " without a config.")
  List<Integer> ports = new ArrayList<>();

  @Option(
      names = "--backend",
      paramLabel = "URL",
      description =
          "A backend, e.g. http://127.0.0.1:9001 (repeatable). Replaces the config's backends.")
  List<String> backends = new ArrayList<>();

  @Option(
      names = "--algorithm",
      paramLabel = "NAME",
      converter = AlgorithmConverter.class,
      description =
          "round-robin (default), weighted-round-robin, least-connections, least-response-time, ip-hash or random."
              + " Replaces the config's algorithm.")
  Algorithm algorithm;

  @Option(
      names = "--admin-port",
      paramLabel = "N",
      description =
          "Port of the admin server (/healthz, /readyz, /metrics, /status), kept on every reload:"
              + " the config's metrics.port is then ignored (and logged). Kubernetes probes need a"
              + " port no reload can move.")
  Integer adminPort;

  @Option(
      names = "--admin-address",
      paramLabel = "IP",
      description =
          "Address of the admin server, kept on every reload: the config's metrics.address is"
              + " then ignored (and logged).")
  String adminAddress;

  @Option(
      names = "--validate",
      paramLabel = "FILE",
      description = "Check a config file, print every problem, and exit: 0 if valid, 1 if not.")
  Path validate;

  @Option(
      names = "--shutdown-delay",
      paramLabel = "DUR",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Time between SIGTERM (/readyz turns 503) and closing the listeners, for a load balancer"
              + " in front to stop sending. Default ${DEFAULT-VALUE}.")
  Duration shutdownDelay;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DUR",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Longest wait for requests in flight to finish at shutdown. Default ${DEFAULT-VALUE}.")
  Duration drainTimeout;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "A file holding the token that POST /admin/reload and /admin/rollback require (as"
              + " Authorization: Bearer). Or set env "
              + AdminToken.ENV
              + ". Without either, those endpoints are off.")
  Path adminTokenFile;

  @Option(
      names = "--revision-history",
      paramLabel = "N",
      defaultValue = "" + ConfigRevisionHistory.DEFAULT_LIMIT,
      description =
          "Accepted configs kept for a local rollback (POST /admin/rollback). Default"
              + " ${DEFAULT-VALUE}.")
  int revisionHistory;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Event loop threads. Default: one per CPU.")
  Integer workers;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (validate != null) {
      return ConfigCheck.run(validate, System.getenv(), spec.commandLine().getOut(), err);
    }
    checkFlags();
    // Before anything logs: the config's own logging settings replace these once it is in force.
    LoggingSetup logging = LoggingSetup.forProcess();
    logging.apply(LoggingSetup.STARTUP);
    Optional<AdminToken> token;
    try {
      token = AdminToken.load(adminTokenFile, System.getenv());
    } catch (NoSuchFileException e) {
      return fail(err, "--admin-token-file " + adminTokenFile + ": the file does not exist");
    } catch (IOException e) {
      return fail(err, "--admin-token-file " + adminTokenFile + ": cannot read it: " + e);
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage());
    }
    QuickStart quick = new QuickStart(ports, backends, algorithm);
    AdminPlacement admin = new AdminPlacement(adminPort, adminAddress);
    UnaryOperator<LoadBalancerConfig> quickOverrides = quick.overrides();
    UnaryOperator<LoadBalancerConfig> adminOverrides = admin.overrides();
    ConfigSourceChoice source;
    try {
      source = ConfigSourceChoice.of(config, configMap, namespace, quick, System.getenv());
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage());
    }
    LaunchSettings settings =
        new LaunchSettings(
            workers == null
                ? ProxyOptions.defaults()
                : ProxyOptions.defaults().withWorkers(workers),
            config -> adminOverrides.apply(quickOverrides.apply(config)),
            revisionHistory,
            token,
            shutdownDelay,
            drainTimeout);
    RunningProxy proxy = new RunningProxy(settings, source, logging, Clock.systemUTC());
    ReloadOutcome first = proxy.start();
    if (first.result() == ReloadOutcome.Result.REJECTED) {
      proxy.close();
      return cannotStart(err, first, quick.given() || admin.given());
    }
    proxy.awaitShutdown();
    return 0;
  }

  /** Combinations picocli cannot check; each is a usage error (exit status 2). */
  private void checkFlags() {
    if (config != null && configMap != null) {
      throw new ParameterException(
          spec.commandLine(), "--config and --configmap exclude each other: give one source");
    }
    if (namespace != null && configMap == null) {
      throw new ParameterException(spec.commandLine(), "--namespace needs --configmap");
    }
    if (workers != null && workers < 1) {
      throw new ParameterException(
          spec.commandLine(), "--workers must be at least 1, not " + workers);
    }
    if (adminPort != null && (adminPort < 1 || adminPort > 65535)) {
      throw new ParameterException(
          spec.commandLine(), "--admin-port must be a port from 1 to 65535, not " + adminPort);
    }
    if (revisionHistory < 1) {
      throw new ParameterException(
          spec.commandLine(), "--revision-history must be at least 1, not " + revisionHistory);
    }
    if (shutdownDelay.isNegative() || drainTimeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "durations cannot be negative");
    }
  }

  /** Says why the first config could not be put in force: every problem, one a line. */
  private static int cannotStart(PrintWriter err, ReloadOutcome outcome, boolean overridden) {
    List<Violation> problems = outcome.problems();
    String overrides = overridden ? " (with the flags' overrides)" : "";
    boolean invalid = problems.stream().anyMatch(v -> !v.path().isEmpty());
    err.println(
        "roundhouse-proxy: cannot start: the config from "
            + outcome.origin()
            + overrides
            + (invalid ? " is invalid" : "")
            + ": "
            + (problems.size() == 1 ? "1 problem" : problems.size() + " problems")
            + ":");
    for (Violation problem : problems) {
      err.println("  " + (problem.path().isEmpty() ? problem.message() : problem.toString()));
    }
    err.flush();
    return 1;
  }

  private static int fail(PrintWriter err, String message) {
    err.println("roundhouse-proxy: " + message);
    err.flush();
    return 1;
  }
}
