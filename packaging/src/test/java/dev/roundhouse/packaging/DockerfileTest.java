package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.ConfigCodec;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Dockerfiles, checked without a Docker engine: each builds its own module and copies the files
 * that build makes, runs as a numeric non-root user with JVM flags the JVM accepts, exposes the
 * ports of deployments/config.yaml, and the build context (.dockerignore) holds what the build
 * reads and nothing else.
 */
class DockerfileTest {

  private static final DockerIgnore IGNORE = DockerIgnore.parse(Repo.read(".dockerignore"));

  @ParameterizedTest
  @EnumSource(Images.class)
  void buildsItsModuleWithMavenAndRunsOnAJre(Images image) {
    Dockerfile dockerfile = image.parse();

    assertThat(dockerfile.stages()).hasSize(2);
    Dockerfile.Stage build = dockerfile.stage("build");
    assertThat(build.from()).isEqualTo("maven:3-eclipse-temurin-17");
    assertThat(String.join("\n", build.all("RUN")))
        .contains("mvn -B -ntp package -DskipTests -pl " + image.module + " -am");
    assertThat(PomModules.modules()).contains(image.module);
    assertThat(dockerfile.runtime().from()).isEqualTo("eclipse-temurin:17-jre");
  }

  @ParameterizedTest
  @EnumSource(Images.class)
  void copiesTheJarAndLibrariesTheBuildMakesAndRunsThatJar(Images image) {
    Dockerfile dockerfile = image.parse();
    String target = "/src/" + image.module + "/target/";
    List<Dockerfile.Copy> fromBuild =
        Dockerfile.copies(dockerfile.runtime()).stream()
            .filter(c -> "build".equals(c.fromStage()))
            .toList();

    List<String> expected =
        new ArrayList<>(
            List.of(
                target + "lib/ -> /app/lib/", target + image.jar() + " -> /app/" + image.jar()));
    if (image == Images.PROXY) {
      // Netty's native libraries, for its java.library.path.
      expected.add(target + "native/ -> /app/native/");
    }
    assertThat(fromBuild)
        .extracting(c -> c.sources().get(0) + " -> " + c.destination())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(dockerfile.stage("build").last("WORKDIR")).isEqualTo("/src");

    List<String> entrypoint = Dockerfile.execForm(dockerfile.runtime().last("ENTRYPOINT"));
    assertThat(entrypoint.subList(0, 2)).containsExactly("/bin/sh", "-c");
    assertThat(entrypoint.get(2))
        .as("exec, so the JVM is PID 1 and gets SIGTERM/SIGHUP itself")
        .isEqualTo("exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /app/" + image.jar() + " \"$@\"");
  }

  @ParameterizedTest
  @EnumSource(Images.class)
  void filesCopiedFromTheContextExistAndAreSentToTheBuilder(Images image) {
    for (Dockerfile.Stage stage : image.parse().stages()) {
      for (Dockerfile.Copy copy : Dockerfile.copies(stage)) {
        if (copy.fromStage() != null) {
          continue;
        }
        for (String source : copy.sources()) {
          if (source.equals(".")) {
            continue;
          }
          assertThat(Repo.path(source)).as("COPY %s in %s", source, image.dockerfile).exists();
          assertThat(IGNORE.sends(source)).as("%s left out by .dockerignore", source).isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Images.class)
  void theBuildContextHoldsEverySourceTheMavenBuildReads(Images image) throws IOException {
    List<String> needed = new ArrayList<>(List.of("pom.xml"));
    PomModules.modules().forEach(m -> needed.add(m + "/pom.xml"));
    for (String module : ModuleGraph.alsoMake(image.module)) {
      needed.addAll(filesUnder(module + "/src"));
    }

    assertThat(needed).hasSizeGreaterThan(PomModules.modules().size() + 1);
    assertThat(needed.stream().filter(f -> !IGNORE.sends(f)).toList())
        .as("files the build of %s needs but .dockerignore leaves out", image.module)
        .isEmpty();
  }

  @Test
  void theBuildContextLeavesOutHistoryBuildOutputAndEverythingElse() {
    assertThat(IGNORE.sends(".git/config")).isFalse();
    assertThat(IGNORE.sends("proxy/target/roundhouse-proxy.jar")).isFalse();
    assertThat(IGNORE.sends("api/target/classes/x.class")).isFalse();
    assertThat(IGNORE.sends("helm/roundhouse/values.yaml")).isFalse();
    assertThat(IGNORE.sends("packaging/src/test/java/X.java")).isFalse();
    assertThat(IGNORE.sends("secrets.env")).isFalse();
    assertThat(IGNORE.sends("proxy/src/main/java/X.java")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Images.class)
  void runsAsANumericNonRootUser(Images image) {
    Dockerfile dockerfile = image.parse();

    assertThat(dockerfile.runtimeUser()).matches("[1-9][0-9]*:[1-9][0-9]*");
    String uid = dockerfile.runtimeUser().split(":")[0];
    assertThat(String.join("\n", dockerfile.runtime().all("RUN")))
        .contains("useradd --system --uid " + uid);
  }

  @ParameterizedTest
  @EnumSource(Images.class)
  void theJvmAcceptsTheContainerFlags(Images image) throws Exception {
    String opts = image.parse().env().get("JAVA_OPTS");
    assertThat(opts).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");

    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(List.of(opts.split("\\s+")));
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(java.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("bool ExitOnOutOfMemoryError\\s+= true");
  }

  /**
   * proxy/jvm.options is what scripts/run-local.sh and scripts/bench.sh start the proxy with; the
   * image spells the same options out in JAVA_OPTS (visible in {@code docker inspect}).
   */
  @Test
  void theProxyImageRunsWithTheOptionsOfJvmOptions() throws IOException {
    List<String> fromFile =
        Files.readAllLines(Repo.path("proxy/jvm.options")).stream()
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .toList();
    List<String> inImage = List.of(Images.PROXY.parse().env().get("JAVA_OPTS").split("\\s+"));

    assertThat(fromFile).contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    assertThat(inImage.subList(0, fromFile.size())).isEqualTo(fromFile);
    assertThat(inImage.subList(fromFile.size(), inImage.size()))
        .containsExactly(
            "-Djava.library.path=/app/native", "-XX:SharedArchiveFile=/app/roundhouse-proxy.jsa");
  }

  @Test
  void theProxyExposesThePortsOfTheLocalConfigAndChecksItsAdminServer() throws Exception {
    LoadBalancerConfig config = ConfigCodec.read(Repo.path("deployments/config.yaml"));
    List<Integer> ports = new ArrayList<>(config.frontends().stream().map(Frontend::port).toList());
    ports.add(config.metrics().port());
    Dockerfile proxy = Images.PROXY.parse();

    assertThat(proxy.exposedPorts()).containsExactlyInAnyOrderElementsOf(ports);
    assertThat(proxy.healthCheckCommand())
        .containsExactly(
            "/usr/local/bin/roundhouse-healthcheck",
            String.valueOf(config.metrics().port()),
            "/healthz");
    assertThat(Dockerfile.copies(proxy.runtime()))
        .anySatisfy(
            c -> {
              assertThat(c.sources()).containsExactly("deployments/docker/healthcheck.sh");
              assertThat(c.destination()).isEqualTo("/usr/local/bin/roundhouse-healthcheck");
            });
    assertThat(Dockerfile.execForm(proxy.runtime().last("CMD")))
        .containsExactly("--config", "/etc/roundhouse/config.yaml");
    assertThat(Files.isExecutable(Repo.path("deployments/docker/healthcheck.sh"))).isTrue();
  }

  @Test
  void theProxyImageRunsAsANumericNonRootUserForRunAsNonRoot() {
    // The operator sets runAsNonRoot and no runAsUser: the kubelet can check only a numeric USER,
    // and refuses to start a container whose user is a name.
    String user = Images.PROXY.parse().runtimeUser();

    assertThat(user).matches("[0-9]+:[0-9]+");
    assertThat(user).doesNotStartWith("0:");
  }

  @Test
  void theOperatorExposesThePortTheChartProbes() {
    Map<String, Object> values = SnakeYaml.map(Repo.read("helm/roundhouse/values.yaml"));
    @SuppressWarnings("unchecked")
    Map<String, Object> service = (Map<String, Object>) values.get("service");

    assertThat(Images.OPERATOR.parse().exposedPorts())
        .containsExactly((Integer) service.get("port"));
  }

  @Test
  void theExampleBackendExposesThePortOfItsDefaultCommand() {
    Dockerfile backend = Images.EXAMPLE_BACKEND.parse();

    assertThat(Dockerfile.execForm(backend.runtime().last("CMD"))).contains("-port=9001");
    assertThat(backend.exposedPorts()).containsExactly(9001);
  }

  private static List<String> filesUnder(String dir) throws IOException {
    Path root = Repo.path(dir);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> Repo.ROOT.relativize(f).toString().replace('\\', '/'))
          .toList();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
