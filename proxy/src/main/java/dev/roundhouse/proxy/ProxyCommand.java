package dev.roundhouse.proxy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.InvalidConfigException;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.frontend.ListenException;
import dev.roundhouse.proxy.observe.TrafficObserver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The proxy's command line. */
@Command(
    name = "roundhouse-proxy",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "An HTTP/1.1 load balancer. Reads its config from a YAML file, or builds one from --port"
          + " and --backend; flags given with a file override the file's values.",
    },
    footer = {
      "",
      "Examples:",
      "  roundhouse-proxy --config config.yaml",
      "  roundhouse-proxy --port 8080 --backend http://127.0.0.1:9001"
          + " --backend http://127.0.0.1:9002 --algorithm least-connections",
      "  roundhouse-proxy --validate config.yaml",
      "",
      "Exit status: 0 for --help, --version and a valid --validate; 1 invalid config or a port"
          + " that cannot be listened on; 2 invalid command line. SIGTERM stops the proxy.",
    })
public final class ProxyCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The config file (YAML), e.g. deployments/config.yaml.")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description =
          "A port to listen on (repeatable). Replaces the file's frontends. Default 8080.")
  List<Integer> ports = new ArrayList<>();

  @Option(
      names = "--backend",
      paramLabel = "URL",
      description =
          "A backend, e.g. http://127.0.0.1:9001 (repeatable). Replaces the file's backends.")
  List<String> backends = new ArrayList<>();

  @Option(
      names = "--algorithm",
      paramLabel = "NAME",
      converter = AlgorithmConverter.class,
      description =
          "round-robin (default), weighted-round-robin, least-connections, ip-hash or random."
              + " Replaces the file's algorithm.")
  Algorithm algorithm;

  @Option(
      names = "--validate",
      paramLabel = "FILE",
      description = "Check a config file, print every problem, and exit: 0 if valid, 1 if not.")
  Path validate;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Event loop threads. Default: one per CPU.")
  Integer workers;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (validate != null) {
      return ConfigCheck.run(validate, out, err);
    }
    LoadBalancerConfig loaded;
    try {
      loaded = StartupConfig.load(config, ports, backends, algorithm);
    } catch (StartupConfig.Unusable e) {
      err.println("roundhouse-proxy: " + e.getMessage());
      return 1;
    } catch (InvalidConfigException e) {
      err.println("roundhouse-proxy: " + describeSource() + ": " + e.getMessage());
      return 1;
    }
    ProxyOptions options = ProxyOptions.defaults();
    if (workers != null) {
      if (workers < 1) {
        err.println("roundhouse-proxy: --workers must be at least 1, not " + workers);
        return 2;
      }
      options = options.withWorkers(workers);
    }
    ProxyServer server;
    try {
      server = ProxyServer.start(loaded, options, TrafficObserver.NONE);
    } catch (ListenException e) {
      err.println("roundhouse-proxy: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "roundhouse-shutdown"));
    stopped.await();
    return 0;
  }

  private String describeSource() {
    boolean flags = !ports.isEmpty() || !backends.isEmpty() || algorithm != null;
    if (config == null) {
      return "the config given by flags is invalid";
    }
    return config + (flags ? " (with the flags' overrides)" : "") + " is invalid";
  }
}
