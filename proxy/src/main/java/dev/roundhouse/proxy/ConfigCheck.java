package dev.roundhouse.proxy;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.InvalidConfigException;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Violation;
import dev.roundhouse.proxy.discovery.EndpointSources;
import dev.roundhouse.proxy.discovery.KubernetesAccess;
import dev.roundhouse.proxy.logging.ConfigSummary;
import dev.roundhouse.proxy.tls.FrontendCertificates;
import dev.roundhouse.proxy.tls.TlsEngine;
import dev.roundhouse.proxy.tls.TlsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --validate FILE}: checks a config the way {@code nginx -t} does, and says what it found.
 */
final class ConfigCheck {

  private ConfigCheck() {}

  /** Checks {@code file}; prints a summary or every problem; returns the exit status. */
  static int run(Path file, Map<String, String> env, PrintWriter out, PrintWriter err) {
    LoadBalancerConfig config;
    try {
      config = ConfigCodec.read(file);
    } catch (NoSuchFileException e) {
      err.println(file + ": the file does not exist");
      return 1;
    } catch (IOException e) {
      err.println(file + ": cannot read it: " + e);
      return 1;
    } catch (InvalidConfigException e) {
      return problems(file, e.violations(), err);
    }
    // The certificate files, as the running proxy would read them.
    List<Violation> files =
        new FrontendCertificates(
                TlsEngine::jdk,
                new TlsMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC(),
                Duration.ZERO)
            .check(config);
    List<Violation> problems = new ArrayList<>(files);
    // Without an API the environment configures, a service backend cannot be followed.
    if (KubernetesAccess.fromEnvironment(env, ConfigSourceChoice.home(env)) == null) {
      problems.addAll(EndpointSources.withoutApi(config));
    }
    if (!problems.isEmpty()) {
      return problems(file, problems, err);
    }
    out.println(
        file
            + ": OK: "
            + config.frontends().size()
            + " frontends (ports "
            + config.frontends().stream()
                .map(Frontend::port)
                .map(String::valueOf)
                .collect(Collectors.joining(", "))
            + "), "
            + config.backends().size()
            + " backends, "
            + config.algorithm()
            + ", admin on "
            + ConfigSummary.adminAddress(config.metrics()));
    return 0;
  }

  private static int problems(Path file, List<Violation> problems, PrintWriter err) {
    int count = problems.size();
    err.println(file + ": " + count + (count == 1 ? " problem" : " problems") + ":");
    for (Violation violation : problems) {
      err.println("  " + violation);
    }
    return 1;
  }
}
