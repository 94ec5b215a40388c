package dev.roundhouse.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin, {@code scripts/kubectl-roundhouse}, run as a real process with a stand-in
 * {@code kubectl} first on the PATH that records the commands it is given (and answers the one
 * query the plugin reads). What kubectl then does with them is kubectl's business; that the plugin
 * issues the right ones is checked here.
 */
class KubectlPluginIT {

  private static final Path PLUGIN =
      Path.of("..", "scripts", "kubectl-roundhouse").toAbsolutePath();

  @TempDir Path dir;
  private Path calls;

  /** What the plugin printed and the kubectl commands it ran, one list of arguments each. */
  record Run(int exit, String out, String err, List<List<String>> kubectl) {}

  @BeforeEach
  void stubKubectl() throws IOException {
    calls = dir.resolve("calls");
    Files.createFile(calls);
    Path kubectl = dir.resolve("kubectl");
    Files.writeString(
        kubectl,
        """
        #!/usr/bin/env bash
        # Records each call as one line of NUL-free, unit-separated arguments.
        line=""
        for arg in "$@"; do line+="$arg"$'\\x1f'; done
        printf '%s\\n' "$line" >> "$KUBECTL_CALLS"
        if [[ "$*" == *"get controllerrevisions"*"jsonpath"* ]]; then
          printf '%b' "${STUB_REVISIONS:-}"
        fi
        if [[ "$*" == *"get loadbalancer"*"desiredRevision"* ]]; then
          printf '%s' "${STUB_CURRENT_DESIRED:-}"
        fi
        """);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void rollbackToARevisionAnnotatesTheResource() throws Exception {
    Run run = plugin(Map.of(), "rollback", "web", "--to-revision", "2", "-n", "prod");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl())
        .containsExactly(
            List.of(
                "annotate",
                "loadbalancer",
                "web",
                "-n",
                "prod",
                "roundhouse.dev/rollback-to=2",
                "--overwrite"));
    assertThat(run.out()).contains("Rollback of web to revision 2 requested");
  }

  @Test
  void rollbackWithoutARevisionPicksTheOneBeforeTheCurrent() throws Exception {
    Run run =
        plugin(
            Map.of("STUB_REVISIONS", "3\\n5\\n4\\n", "STUB_CURRENT_DESIRED", "5/5"),
            "rollback",
            "web");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl()).hasSize(3);
    assertThat(run.kubectl().get(0)).containsSubsequence("get", "loadbalancer", "web");
    assertThat(run.kubectl().get(1))
        .containsSubsequence("get", "controllerrevisions", "-l", "roundhouse.dev/loadbalancer=web");
    assertThat(run.kubectl().get(2))
        .containsExactly(
            "annotate", "loadbalancer", "web", "roundhouse.dev/rollback-to=4", "--overwrite");
  }

  @Test
  void rollbackWithoutARevisionSkipsAHeldOne() throws Exception {
    // Revision 5 is held by its health gate: 4 is in force, so "the one before" is 3.
    Run run =
        plugin(
            Map.of("STUB_REVISIONS", "3\\n5\\n4\\n", "STUB_CURRENT_DESIRED", "4/5"),
            "rollback",
            "web");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl().get(2))
        .containsExactly(
            "annotate", "loadbalancer", "web", "roundhouse.dev/rollback-to=3", "--overwrite");
  }

  @Test
  void rollbackWithoutAStatusPicksTheSecondHighest() throws Exception {
    Run run = plugin(Map.of("STUB_REVISIONS", "3\\n5\\n4\\n"), "rollback", "web");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl().get(2))
        .containsExactly(
            "annotate", "loadbalancer", "web", "roundhouse.dev/rollback-to=4", "--overwrite");
  }

  @Test
  void rollbackWithNoEarlierRevisionFailsAndAnnotatesNothing() throws Exception {
    Run run =
        plugin(Map.of("STUB_REVISIONS", "1\\n", "STUB_CURRENT_DESIRED", "1/1"), "rollback", "web");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("LoadBalancer web has no earlier revision to roll back to");
    assertThat(run.kubectl()).as("read only, annotated nothing").hasSize(2);
  }

  @Test
  void aRevisionThatIsNoNumberIsRefused() throws Exception {
    Run run = plugin(Map.of(), "rollback", "web", "--to-revision=latest");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--to-revision must be a revision number, not \"latest\"");
    assertThat(run.kubectl()).isEmpty();
  }

  @Test
  void promoteAnnotatesTheHeldRevision() throws Exception {
    Run run = plugin(Map.of("STUB_CURRENT_DESIRED", "2/3"), "promote", "web", "-n", "prod");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl()).hasSize(2);
    assertThat(run.kubectl().get(0))
        .containsSubsequence("get", "loadbalancer", "web", "-n", "prod");
    assertThat(run.kubectl().get(1))
        .containsExactly(
            "annotate",
            "loadbalancer",
            "web",
            "-n",
            "prod",
            "roundhouse.dev/promote=3",
            "--overwrite");
    assertThat(run.out())
        .contains("Promotion of revision 3 of web requested (revision 2 is in force)");
  }

  @Test
  void promoteWithNothingHeldFailsAndAnnotatesNothing() throws Exception {
    Run run = plugin(Map.of("STUB_CURRENT_DESIRED", "3/3"), "promote", "web");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("LoadBalancer web has nothing held: revision 3 is in force");
    assertThat(run.kubectl()).hasSize(1);
  }

  @Test
  void restartStampsTheCurrentTime() throws Exception {
    Run run = plugin(Map.of(), "restart", "web", "--namespace=prod");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl())
        .singleElement()
        .satisfies(
            args -> {
              assertThat(args.subList(0, 5))
                  .containsExactly("annotate", "loadbalancer", "web", "-n", "prod");
              assertThat(args.get(5))
                  .matches(
                      "roundhouse\\.dev/restartedAt=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
              assertThat(args.get(6)).isEqualTo("--overwrite");
            });
  }

  @Test
  void historyListsTheRevisionsInOrder() throws Exception {
    Run run = plugin(Map.of(), "history", "web");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl())
        .singleElement()
        .satisfies(
            args ->
                assertThat(args)
                    .startsWith(
                        "get",
                        "controllerrevisions",
                        "-l",
                        "roundhouse.dev/loadbalancer=web",
                        "--sort-by=.revision")
                    .anySatisfy(
                        a -> assertThat(a).startsWith("custom-columns=REVISION:.revision")));
  }

  @Test
  void statusReadsTheResource() throws Exception {
    Run run = plugin(Map.of(), "status", "web", "-n", "prod");

    assertThat(run.exit()).isZero();
    assertThat(run.kubectl())
        .singleElement()
        .satisfies(
            args -> {
              assertThat(args.subList(0, 6))
                  .containsExactly("get", "loadbalancer", "web", "-n", "prod", "-o");
              assertThat(args.get(6))
                  .contains(".status.currentRevision")
                  .contains(".status.desiredRevision")
                  .contains(".status.conditions");
            });
  }

  @Test
  void misuseShowsTheUsageAndExits2() throws Exception {
    Run unknown = plugin(Map.of(), "undo", "web");
    Run noName = plugin(Map.of(), "status");

    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown command undo")
        .contains("Usage: kubectl roundhouse");
    assertThat(noName.exit()).isEqualTo(2);
    assertThat(noName.err()).contains("status needs the LoadBalancer's name");
    assertThat(plugin(Map.of(), "--help").out()).contains("rollback NAME [--to-revision N]");
  }

  private Run plugin(Map<String, String> env, String... args) throws Exception {
    Files.writeString(calls, "");
    List<String> command = new ArrayList<>();
    command.add(PLUGIN.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    builder.environment().put("KUBECTL_CALLS", calls.toString());
    builder.environment().putAll(env);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    List<List<String>> kubectl = new ArrayList<>();
    for (String line : Files.readAllLines(calls, StandardCharsets.UTF_8)) {
      kubectl.add(List.of(line.split("\u001f")));
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err), kubectl);
  }
}
