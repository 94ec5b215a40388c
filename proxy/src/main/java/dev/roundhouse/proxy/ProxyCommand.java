package dev.roundhouse.proxy;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.cli.HelpText;
import dev.roundhouse.proxy.cli.ProxyFlags;
import dev.roundhouse.proxy.cli.UsageException;
import dev.roundhouse.proxy.config.ReloadOutcome;
import dev.roundhouse.proxy.config.admin.AdminToken;
import dev.roundhouse.proxy.logging.LoggingSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The proxy's command line: reads the flags ({@link ProxyFlags}), then prints the help or the
 * version, checks a config, or runs the {@link RunningProxy} until it is stopped.
 */
final class ProxyCommand {

  private ProxyCommand() {}

  /**
   * Runs the command line {@code args}.
   *
   * @return the exit status: 0 for the help, the version, a valid config and a graceful stop; 1 for
   *     a config that cannot be put in force or an unreadable admin token; 2 for a command line
   *     that cannot be read
   */
  static int run(String[] args, PrintWriter out, PrintWriter err) throws InterruptedException {
    ProxyFlags flags;
    try {
      flags = ProxyFlags.parse(args);
    } catch (UsageException e) {
      err.println("roundhouse-proxy: " + e.getMessage());
      err.println(HelpText.pointer());
      err.flush();
      return 2;
    }
    switch (flags.action()) {
      case HELP:
        out.print(HelpText.render());
        out.flush();
        return 0;
      case VERSION:
        out.println("roundhouse-proxy " + Version.current());
        out.println("Java " + Runtime.version());
        out.flush();
        return 0;
      case VALIDATE:
        // What a library logs while the config is checked (reading its certificates, say) is
        // shown, as text on standard output: the provider the image names configures nothing.
        LoggingSetup.forProcess().apply(LoggingSetup.STARTUP);
        return ConfigCheck.run(flags.validate(), System.getenv(), out, err);
      case RUN:
        return proxy(flags, err);
    }
    throw new IllegalStateException("unknown action " + flags.action());
  }

  private static int proxy(ProxyFlags flags, PrintWriter err) throws InterruptedException {
    // Before anything logs: the config's own logging settings replace these once it is in force.
    LoggingSetup logging = LoggingSetup.forProcess();
    logging.apply(LoggingSetup.STARTUP);
    Path adminTokenFile = flags.adminTokenFile();
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
    QuickStart quick = new QuickStart(flags.ports(), flags.backends(), flags.algorithm());
    AdminPlacement admin = new AdminPlacement(flags.adminPort(), flags.adminAddress());
    UnaryOperator<LoadBalancerConfig> quickOverrides = quick.overrides();
    UnaryOperator<LoadBalancerConfig> adminOverrides = admin.overrides();
    ConfigSourceChoice source;
    try {
      source =
          ConfigSourceChoice.of(
              flags.config(), flags.configMap(), flags.namespace(), quick, System.getenv());
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage());
    }
    String unavailable = flags.transport().unavailability();
    if (unavailable != null) {
      return fail(err, "--transport " + flags.transport().flagValue() + ": " + unavailable);
    }
    ProxyOptions options = ProxyOptions.defaults().withTransport(flags.transport());
    LaunchSettings settings =
        new LaunchSettings(
            flags.workers() == null ? options : options.withWorkers(flags.workers()),
            config -> adminOverrides.apply(quickOverrides.apply(config)),
            flags.revisionHistory(),
            token,
            flags.shutdownDelay(),
            flags.drainTimeout());
    RunningProxy proxy = new RunningProxy(settings, source, logging, Clock.systemUTC());
    ReloadOutcome first = proxy.start();
    if (first.result() == ReloadOutcome.Result.REJECTED) {
      proxy.close();
      return cannotStart(err, first, quick.given() || admin.given());
    }
    proxy.awaitShutdown();
    return 0;
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
