package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import dev.roundhouse.proxy.testing.Transports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's command line, run as a process. */
class CommandLineIT {

  private static final Duration EXIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestBackend backend;

  @BeforeEach
  void startBackend() {
    backend = TestBackend.start("1");
  }

  @AfterEach
  void stopBackend() {
    backend.close();
  }

  private static ProxyProcess run(String... args) {
    return ProxyProcess.builder().args(args).launch();
  }

  @Test
  void helpListsEveryOptionAndExitsZero() {
    try (ProxyProcess proxy = run("--help")) {
      assertThat(proxy.awaitExit(EXIT)).isZero();
      assertThat(proxy.output())
          .contains(
              "--config",
              "--configmap",
              "--namespace",
              "--port",
              "--backend",
              "--algorithm",
              "--admin-port",
              "--admin-address",
              "--validate",
              "--shutdown-delay",
              "--drain-timeout",
              "--admin-token-file",
              "--revision-history",
              "--help",
              "--version");
    }
  }

  @Test
  void anAdminPortOutOfRangeIsAUsageError() {
    try (ProxyProcess proxy = run("--port", "8080", "--admin-port", "70000")) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(2);
      assertThat(proxy.output()).contains("--admin-port must be a port from 1 to 65535, not 70000");
    }
  }

  @Test
  void aFileAndAConfigMapTogetherAreAUsageError() {
    try (ProxyProcess proxy = run("--config", "a.yaml", "--configmap", "web")) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(2);
      assertThat(proxy.output()).contains("--config and --configmap exclude each other");
    }
  }

  @Test
  void aDurationFlagIsReadLikeTheConfigsDurations() {
    try (ProxyProcess proxy = run("--backend", backend.url(), "--drain-timeout", "soon")) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(2);
      assertThat(proxy.output()).contains("\"soon\" is not a duration");
    }
  }

  @Test
  void aMissingAdminTokenFileIsNamed() {
    Path missing = dir.resolve("token");
    try (ProxyProcess proxy =
        run("--backend", backend.url(), "--admin-token-file", missing.toString())) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains("--admin-token-file " + missing + ": the file does not exist");
    }
  }

  @Test
  void versionPrintsTheVersion() {
    try (ProxyProcess proxy = run("--version")) {
      assertThat(proxy.awaitExit(EXIT)).isZero();
      assertThat(proxy.output()).startsWith("roundhouse-proxy ");
    }
  }

  @Test
  void validateAcceptsTheSeedConfig() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.copy(Path.of("../deployments/config.yaml"), config);
    try (ProxyProcess proxy = run("--validate", config.toString())) {
      assertThat(proxy.awaitExit(EXIT)).isZero();
      assertThat(proxy.output()).contains("OK: 2 frontends (ports 8080, 8081), 3 backends");
    }
  }

  @Test
  void validateAcceptsTheScaledComposeExample() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.copy(Path.of("../deployments/scale/config.yaml"), config);
    try (ProxyProcess proxy = run("--validate", config.toString())) {
      assertThat(proxy.awaitExit(EXIT)).isZero();
      assertThat(proxy.output()).contains("OK: 1 frontends (ports 8080), 1 backends");
    }
  }

  @Test
  void validateSaysWhichBackendThisProxyCannotFollow() throws Exception {
    Path config = dir.resolve("service.yaml");
    Files.writeString(
        config,
        """
        frontends:
          - port: 8080
        backends:
          - "http://legacy:9001"
          - service: {name: web, port: http}
        """);
    // No Kubernetes API configured: no KUBE* variables, a home without ~/.kube/config.
    try (ProxyProcess proxy = validateWithHome(config)) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains("1 problem")
          .contains("backends[1].service: a service backend needs the Kubernetes API");
    }
    // With a kubeconfig it can: --validate does not connect, it only checks one is configured.
    Path kube = Files.createDirectories(dir.resolve(".kube"));
    Files.writeString(kube.resolve("config"), "apiVersion: v1\nkind: Config\n");
    try (ProxyProcess proxy = validateWithHome(config)) {
      assertThat(proxy.awaitExit(EXIT)).as(proxy.output()).isZero();
    }
  }

  /** {@code --validate FILE} with no KUBE* variable and {@link #dir} as the home directory. */
  private ProxyProcess validateWithHome(Path config) {
    return ProxyProcess.builder()
        .withoutEnv(name -> name.startsWith("KUBE"))
        .env("HOME", dir.toString())
        .args("--validate", config.toString())
        .launch();
  }

  @Test
  void validatePrintsEveryProblemAndExitsOne() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        """
        frontends:
          - port: 70000
        backends:
          - "htp://x"
        algorithm: fastest
        """);
    try (ProxyProcess proxy = run("--validate", config.toString())) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains("3 problems")
          .contains("frontends[0].port: 70000 is out of range 1..65535")
          .contains("backends[0]: \"htp://x\" is not an http(s) URL")
          .contains("algorithm: \"fastest\" is not one of round-robin");
    }
  }

  @Test
  void validateRefusesAConfigTheRunningProxyWouldRefuse() throws Exception {
    Path config = dir.resolve("huge.yaml");
    Files.copy(Path.of("../deployments/config.yaml"), config);
    Files.writeString(
        config, ("# " + "x".repeat(1021) + "\n").repeat(2048), StandardOpenOption.APPEND);
    try (ProxyProcess proxy = run("--validate", config.toString())) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output()).contains("a config is at most 1048576 bytes");
    }
  }

  @Test
  void aBadConfigStopsTheProxyWithAClearMessage() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "frontends:\n  - port: 8080\nbackends: []\nretries: many\n");
    try (ProxyProcess proxy = run("--config", config.toString())) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains(config + " is invalid")
          .contains("retries: \"many\" is not a whole number")
          .contains("backends: at least one backend is required");
    }
  }

  @Test
  void aMissingConfigFileIsNamed() {
    try (ProxyProcess proxy = run("--config", dir.resolve("nope.yaml").toString())) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output()).contains("nope.yaml: it does not exist");
    }
  }

  @Test
  void anUnknownAlgorithmIsAUsageError() {
    try (ProxyProcess proxy = run("--backend", backend.url(), "--algorithm", "fastest")) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(2);
      assertThat(proxy.output()).contains("'fastest' is not an algorithm; use one of round-robin");
    }
  }

  @Transports.Each
  void eachTransportThatRunsHereForwardsAndIsNamedAtStartup(TransportKind kind) throws Exception {
    Transports.assumeRunsHere(kind);
    try (ProxyProcess proxy =
        ProxyProcess.builder()
            .config(ProxyProcess.configFor(List.of(backend.url())))
            .args("--transport", kind.flagValue())
            .start()) {
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        RawHttp.Response response = client.get("/through-" + kind.flagValue());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Backend-Id")).isEqualTo("1");
      }
      await()
          .untilAsserted(
              () ->
                  assertThat(proxy.output())
                      .contains("is ready: " + kind.flagValue() + " transport"));
    }
  }

  @Test
  void aTransportThatCannotRunHereStopsTheProxyWithTheReason() {
    try (ProxyProcess proxy =
        ProxyProcess.builder()
            .jvmArgs("-Dio.netty.transport.noNative=true")
            .args("--backend", backend.url(), "--transport", "io_uring")
            .launch()) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains("roundhouse-proxy: --transport io_uring: ")
          .contains("-Dio.netty.transport.noNative=true");
    }
  }

  @Test
  void autoFallsBackToNioWhereNoNativeTransportRuns() throws Exception {
    try (ProxyProcess proxy =
        ProxyProcess.builder()
            .config(ProxyProcess.configFor(List.of(backend.url())))
            .jvmArgs("-Dio.netty.transport.noNative=true")
            .start()) {
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        assertThat(client.get("/").status()).isEqualTo(200);
      }
      await().untilAsserted(() -> assertThat(proxy.output()).contains("is ready: nio transport"));
      assertThat(proxy.output()).contains("the epoll transport is not available here");
    }
  }

  @Test
  void nothingToProxyIsExplained() {
    try (ProxyProcess proxy = run()) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains("give --config FILE, --configmap NAME, or at least one --backend URL");
    }
  }

  @Test
  void quickStartFromFlagsForwards() throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    Path config = dir.resolve("admin.yaml");
    // Only to move the admin port off 9090, which another process on this machine may hold.
    Files.writeString(
        config,
        "frontends: [{port: 1}]\nbackends: [\"http://unused:1\"]\nmetrics: {port: "
            + admin
            + "}\n");
    try (ProxyProcess proxy =
        ProxyProcess.builder()
            .args(
                "--config",
                config.toString(),
                "--port",
                String.valueOf(port),
                "--backend",
                backend.url(),
                "--algorithm",
                "least-connections")
            .readyWhen(p -> ProxyProcess.accepts(port))
            .start()) {
      try (RawHttp client = RawHttp.connect(port)) {
        RawHttp.Response response = client.get("/quick");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Backend-Id")).isEqualTo("1");
      }
      await().untilAsserted(() -> assertThat(proxy.output()).contains("least-connections"));
    }
  }

  @Test
  void flagsOverrideTheFilesValues() throws Exception {
    try (TestBackend other = TestBackend.start("other");
        ProxyProcess proxy =
            ProxyProcess.builder()
                .config(ProxyProcess.configFor(List.of(backend.url())))
                .args("--backend", other.url())
                .start()) {
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        assertThat(client.get("/").header("X-Backend-Id")).isEqualTo("other");
      }
      assertThat(backend.requests()).isZero();
    }
  }

  @Test
  void aPortInUseIsReportedAndTheProxyExits() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
        ProxyProcess proxy =
            run("--port", String.valueOf(taken.getLocalPort()), "--backend", backend.url())) {
      assertThat(proxy.awaitExit(EXIT)).isEqualTo(1);
      assertThat(proxy.output())
          .contains("cannot listen on port " + taken.getLocalPort())
          .containsIgnoringCase("address already in use");
    }
  }

  @Test
  void sigtermStopsTheProxyWithStatusZero() {
    ProxyProcess proxy =
        ProxyProcess.builder().config(ProxyProcess.configFor(List.of(backend.url()))).start();
    try (proxy) {
      proxy.signal("TERM");
      assertThat(proxy.awaitExit(EXIT)).isZero();
      assertThat(proxy.output()).contains("proxy stopped");
      assertThat(ProxyProcess.accepts(proxy.port())).isFalse();
    }
  }

  @Test
  void byDefaultRunsOnTheFirstTransportThatRunsHere() {
    String expected;
    try (Transport auto = Transport.create(1, TransportKind.AUTO)) {
      expected = auto.kind().flagValue(); // epoll on Linux
    }
    try (ProxyProcess proxy =
        ProxyProcess.builder().config(ProxyProcess.configFor(List.of(backend.url()))).start()) {
      // Logged just after the ports are bound, so possibly a moment after they accept.
      await()
          .untilAsserted(
              () -> assertThat(proxy.output()).contains("is ready: " + expected + " transport"));
    }
  }
}
