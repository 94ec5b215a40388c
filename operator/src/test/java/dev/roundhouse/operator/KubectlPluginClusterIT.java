package dev.roundhouse.operator;

import static dev.roundhouse.operator.MockCluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin with the real {@code kubectl} against the mock API server, with the operator
 * running: a rollback or restart asked for through the plugin is carried out by the operator. The
 * mock server is taught the API discovery kubectl needs; skipped where no kubectl is installed.
 */
class KubectlPluginClusterIT extends OperatorTestBase {

  private static final Path PLUGIN =
      Path.of("..", "scripts", "kubectl-roundhouse").toAbsolutePath();

  @TempDir Path dir;
  private Path kubeconfig;

  /** What a command printed (stdout and stderr together) and its exit code. */
  record Run(int exit, String output) {}

  @BeforeEach
  void kubeconfig() throws Exception {
    assumeTrue(
        onPath("kubectl"),
        "kubectl is not installed: the plugin is not run against the mock server");
    cluster.serveDiscovery();
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context: {cluster: mock, namespace: test, user: tester}
        users:
        - name: tester
          user: {token: not-checked}
        current-context: mock
        """
            .formatted(cluster.url()));
  }

  @Test
  void rollbackThroughThePluginRestoresThePreviousRevision() throws Exception {
    editSpec(s -> Specs.withBackends(s, "http://backend9:9009"));
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(2L));

    Run rollback = plugin("rollback", "web");

    assertThat(rollback.exit()).as(rollback.output()).isZero();
    assertThat(rollback.output()).contains("Rollback of web to revision 1 requested");
    eventually(() -> assertThat(status().getCurrentRevision()).isEqualTo(3L));
    assertThat(lb().getSpec().config().backends()).hasSize(3);
    eventually(
        () -> assertThat(configMap().getData().get("config.yaml")).doesNotContain("backend9"));

    Run history = plugin("history", "web");
    assertThat(history.exit()).isZero();
    assertThat(history.output().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
        .containsExactly("2", "3");

    Run status = plugin("status", "web", "-n", "test");
    assertThat(status.exit()).isZero();
    assertThat(status.output())
        .contains("revision:  3")
        .contains("Accepted: True (Valid)")
        .contains("Rollback: True (RolledBack) restored the spec of revision 1 as revision 3");
  }

  @Test
  void restartThroughThePluginRollsThePods() throws Exception {
    Run restart = plugin("restart", "web");

    assertThat(restart.exit()).as(restart.output()).isZero();
    String stamp = lb().getMetadata().getAnnotations().get(LoadBalancer.RESTARTED_AT_ANNOTATION);
    assertThat(stamp).isNotNull();
    eventually(
        () ->
            assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(LoadBalancer.RESTARTED_AT_ANNOTATION, stamp));
  }

  private Run plugin(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PLUGIN.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Path out = dir.resolve("out");
    Process process = builder.redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out));
  }

  private static boolean onPath(String program) {
    return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
