package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each image's command line, run for real without Docker: the runtime stage is laid out under a
 * temporary directory (ContainerLayout) and its ENTRYPOINT is started as the container would start
 * it. This proves the JVM flags, the jar layout (jar + lib/), that `exec` makes the JVM the process
 * that gets SIGTERM, and that the HEALTHCHECK's command reads a live server right.
 */
class ContainerCommandIT {

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theExampleBackendImageRunsTheBackendAsTheProcessItselfAndStopsOnSigterm(@TempDir Path root)
      throws Exception {
    ContainerLayout image = ContainerLayout.of(Images.EXAMPLE_BACKEND, root);
    List<String> command = image.command(List.of("-port=0", "-id=container", "-host=127.0.0.1"));

    try (ChildProcess backend =
        ChildProcess.start(image.processBuilder(command), "container-example-backend")) {
      int port = awaitListening(backend);

      HttpResponse<String> answer = get("http://127.0.0.1:" + port + "/");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("X-Backend-Id")).hasValue("container");

      ProcessHandle handle = backend.process().toHandle();
      assertThat(handle.children().count()).as("sh exec'd the JVM: no child process").isZero();
      assertThat(handle.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("java"));
      assertThat(handle.info().arguments().orElseThrow())
          .contains("-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75.0");

      assertThat(backend.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void theHealthCheckCommandFollowsTheBackendsHealth(@TempDir Path root) throws Exception {
    ContainerLayout image = ContainerLayout.of(Images.EXAMPLE_BACKEND, root);
    Path check = image.path("/usr/local/bin/roundhouse-healthcheck");
    assertThat(Files.isExecutable(check)).isTrue();

    try (BackendProcess backend = BackendProcess.start(1)) {
      String port = String.valueOf(backend.port());
      assertThat(run(List.of(check.toString(), port, "/health"))).isZero();

      backend.setHealthy(false);
      assertThat(run(List.of(check.toString(), port, "/health"))).isEqualTo(1);
    }
  }

  @Test
  void theProxyImageServesTheMountedConfigAndItsHealthCheckPasses(@TempDir Path root)
      throws Exception {
    ContainerLayout image = ContainerLayout.of(Images.PROXY, root);
    try (BackendProcess backend = BackendProcess.start(1)) {
      int frontend = FreePorts.next();
      int admin = FreePorts.next();
      Path config = image.path("/etc/roundhouse/config.yaml");
      Files.createDirectories(config.getParent());
      Files.writeString(
          config,
          """
          frontends:
            - port: %d
          backends:
            - "%s"
          metrics:
            port: %d
          """
              .formatted(frontend, backend.url(), admin));
      List<String> command = image.command(List.of("--config", config.toString()));
      ProcessBuilder builder = image.processBuilder(command);
      // Netty's copy of a native library out of its jar fails in a "directory" that is a file: the
      // epoll transport runs only if the library comes from the image's java.library.path. The
      // JVM's list of the classes it loads tells which SLF4J provider configured logback.
      Path classes = root.resolve("classes.log");
      builder
          .environment()
          .put(
              "JAVA_OPTS_APPEND",
              "-Dio.netty.native.workdir=" + config + " -Xlog:class+load=info:file=" + classes);

      try (ChildProcess proxy = ChildProcess.start(builder, "container-proxy")) {
        List<String> healthCheck = image.healthCheck();
        List<String> onOurPort =
            List.of(healthCheck.get(0), String.valueOf(admin), healthCheck.get(2));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> !proxy.process().isAlive() || run(onOurPort) == 0);
        assertThat(proxy.process().isAlive()).as(proxy.output()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.output().contains(" is ready: "));
        assertThat(proxy.output()).contains("is ready: epoll transport").doesNotContain("SLF4J");
        assertThat(Files.readString(classes))
            .as("logback configured in code, without its automatic configuration")
            .contains("dev.roundhouse.proxy.logging.CodeConfiguredLogback ")
            .doesNotContain("ch.qos.logback.classic.util.ContextInitializer ");

        HttpResponse<String> answer = get("http://127.0.0.1:" + frontend + "/");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Backend-Id")).hasValue("1");

        assertThat(proxy.process().toHandle().children().count()).isZero();
        assertThat(proxy.terminate(Duration.ofSeconds(40))).isZero();
      }
    }
  }

  @Test
  void theProxyImageValidatesTheLocalConfigAndKnowsTheFixedFlags(@TempDir Path root)
      throws Exception {
    ContainerLayout image = ContainerLayout.of(Images.PROXY, root);

    Result validate =
        exec(image, List.of("--validate", Repo.path("deployments/config.yaml").toString()));
    assertThat(validate.exitCode()).as(validate.output()).isZero();

    Result help = exec(image, List.of("--help"));
    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output())
        .contains("--config", "--configmap", "--namespace", "--port", "--backend", "--algorithm")
        .contains("--validate", "--shutdown-delay", "--drain-timeout", "--admin-token-file")
        .contains("--revision-history", "--version");
  }

  @Test
  void theOperatorImageKnowsTheFlagsTheChartSets(@TempDir Path root) throws Exception {
    ContainerLayout image = ContainerLayout.of(Images.OPERATOR, root);

    Result help = exec(image, List.of("--help"));

    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output())
        .contains("--watch-namespaces", "--proxy-image", "--leader-election")
        .contains("--leader-election-namespace", "--port")
        .contains("--log-format", "--log-level")
        // Server-side apply off is a test setting, not a user option (docs/operator.md).
        .doesNotContain("--server-side-apply");
  }

  record Result(int exitCode, String output) {}

  private static Result exec(ContainerLayout image, List<String> args) throws Exception {
    Process process = image.processBuilder(image.command(args)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static int awaitListening(ChildProcess process) {
    int[] port = new int[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              assertThat(process.process().isAlive()).as(process.output()).isTrue();
              Matcher m = LISTENING.matcher(process.output());
              if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
              }
              return false;
            });
    return port[0];
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
