package dev.roundhouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.discovery.JdkDnsCache;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.LoadGenerator;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolve: all} with a real proxy process whose name resolution the test controls: the JDK's
 * {@code jdk.net.hosts.file} points it at a hosts file the test rewrites, as Docker's DNS changes
 * when {@code docker compose up --scale} adds or removes a container. Three backends listen on one
 * port at 127.0.0.2, .3 and .4, as containers have addresses of their own.
 */
class ResolveAllIT {

  private static final String NAME = "backends.test";
  private static final int CONNECTIONS = 6;

  @TempDir Path dir;
  private TestBackend a;
  private TestBackend b;
  private TestBackend c;

  @AfterEach
  void stopBackends() {
    for (TestBackend backend : new TestBackend[] {a, b, c}) {
      if (backend != null) {
        backend.close();
      }
    }
  }

  @Test
  void aNameGoingFromTwoToThreeAddressesAndBackFailsNoRequest() throws IOException {
    int port = FreePorts.next();
    a = TestBackend.start("a", "127.0.0.2", port);
    b = TestBackend.start("b", "127.0.0.3", port);
    c = TestBackend.start("c", "127.0.0.4", port);
    Path hosts = dir.resolve("hosts");
    resolve(hosts, "127.0.0.2", "127.0.0.3");
    int frontend = FreePorts.next();
    int admin = FreePorts.next();
    AdminClient adminClient = new AdminClient(admin);

    try (ProxyProcess proxy = startProxy(hosts, frontend, port, admin);
        LoadGenerator load =
            LoadGenerator.start(frontend, CONNECTIONS, "/", Duration.ofMinutes(3))) {
      await().until(() -> a.requests() > 20 && b.requests() > 20);
      assertThat(c.requests()).as("not resolved: no request").isZero();

      // Scale up: the third address gets requests, without a reload.
      resolve(hosts, "127.0.0.2", "127.0.0.3", "127.0.0.4");
      long changed = System.nanoTime();
      await().until(() -> c.requests() > 20);
      System.out.printf(
          "resolve: all: traffic reached the new address %d ms after the hosts file changed"
              + " (resolveInterval 100ms, JDK cache 1 s)%n",
          (System.nanoTime() - changed) / 1_000_000);
      assertThat(metrics(adminClient)).contains("backend=\"http://127.0.0.4:" + port + "\"");
      JsonNode status = adminClient.status().at("/dynamicBackends/0");
      assertThat(status.get("backend").asText()).isEqualTo("http://" + NAME + ":" + port);
      assertThat(status.get("endpoints"))
          .extracting(e -> e.get("address").asText() + " " + e.get("health").asText())
          .containsExactly(
              "http://127.0.0.2:" + port + " up",
              "http://127.0.0.3:" + port + " up",
              "http://127.0.0.4:" + port + " up");

      // Scale down, gracefully: it leaves the name first, gets no new request, and its series go.
      resolve(hosts, "127.0.0.2", "127.0.0.3");
      awaitNoNewRequests(c, a, b);
      await()
          .untilAsserted(
              () ->
                  assertThat(metrics(adminClient))
                      .doesNotContain("backend=\"http://127.0.0.4:" + port + "\""));

      // Scale up again, then the container dies before the name says so: the requests that pick
      // it are refused there and retried on another address.
      resolve(hosts, "127.0.0.2", "127.0.0.3", "127.0.0.4");
      int before = c.requests();
      await().until(() -> c.requests() > before + 20);
      c.close();
      int served = a.requests() + b.requests();
      await().until(() -> a.requests() + b.requests() > served + 200);
      resolve(hosts, "127.0.0.2", "127.0.0.3");
      int after = a.requests() + b.requests();
      await().until(() -> a.requests() + b.requests() > after + 200);

      load.stop();
      assertThat(load.failures())
          .as("failed requests; the proxy said:\n%s", proxy.output())
          .isEmpty();
      assertThat(load.results(r -> !r.ok())).as("requests without a 200").isEmpty();
      assertThat(metrics(adminClient))
          .as("endpoint changes are no config revision")
          .containsPattern("(?m)^roundhouse_config_revision(\\{[^}]*})? 1(\\.0)?$");
    }
  }

  @Test
  void aNameThatResolvesToNothingIs503WithOneLogLineAndAStatusEntryUntilItResolves()
      throws IOException {
    int port = FreePorts.next();
    a = TestBackend.start("a", "127.0.0.2", port);
    Path hosts = dir.resolve("hosts");
    resolve(hosts);
    int frontend = FreePorts.next();
    int admin = FreePorts.next();
    AdminClient adminClient = new AdminClient(admin);

    try (ProxyProcess proxy = startProxy(hosts, frontend, port, admin)) {
      for (int i = 0; i < 20; i++) {
        try (RawHttp client = RawHttp.connect(frontend)) {
          assertThat(client.get("/").status()).isEqualTo(503);
        }
      }
      assertThat(adminClient.status().at("/dynamicBackends/0/problem").asText())
          .isEqualTo("resolves to nothing: no endpoint");
      assertThat(proxy.output().split("has no ready endpoint", -1))
          .as("one line, not one per request:\n%s", proxy.output())
          .hasSize(2);

      resolve(hosts, "127.0.0.2");

      await()
          .untilAsserted(
              () -> {
                try (RawHttp client = RawHttp.connect(frontend)) {
                  assertThat(client.get("/").status()).isEqualTo(200);
                }
              });
      assertThat(adminClient.status().at("/dynamicBackends/0").has("problem")).isFalse();
    }
  }

  /**
   * A proxy on {@code frontend} balancing over every address of {@link #NAME} on {@code port}, as
   * {@code hosts} gives them, looked up every 100 ms.
   */
  private static ProxyProcess startProxy(Path hosts, int frontend, int port, int admin) {
    String config =
        """
        frontends: [{port: %d}]
        backends:
          - url: http://%s:%d
            resolve: all
            resolveInterval: 100ms
        logging: {format: text, accessLog: false}
        metrics: {port: %d}
        """
            .formatted(frontend, NAME, port, admin);
    AdminClient adminClient = new AdminClient(admin);
    return ProxyProcess.builder()
        .configYaml(config)
        // The JDK fixes its DNS cache policy when it first resolves a name. The proxy shortens the
        // cache first thing in main (JdkDnsCache), but the ITs' coverage agent resolves a name
        // (its session id) before main, as other Java agents may: the flag sets it from the start.
        .jvmArgs(
            "-Djdk.net.hosts.file=" + hosts, "-Dsun.net.inetaddr.ttl=" + JdkDnsCache.TTL_SECONDS)
        .readyWhen(p -> adminClient.readyz() == 200)
        .start();
  }

  /** Rewrites the hosts file at once (a rename), so the proxy never reads half of it. */
  private static void resolve(Path hosts, String... addresses) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String address : addresses) {
      text.append(address).append(' ').append(NAME).append('\n');
    }
    Path next = hosts.resolveSibling("hosts.next");
    Files.writeString(next, text);
    Files.move(next, hosts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Waits until {@code gone} gets no new request while the {@code others} serve 100 more: the
   * moment traffic has moved, awaited rather than slept.
   */
  private static void awaitNoNewRequests(TestBackend gone, TestBackend... others) {
    await()
        .until(
            () -> {
              int before = gone.requests();
              int served = total(List.of(others));
              await().until(() -> total(List.of(others)) > served + 100);
              return gone.requests() == before && gone.inFlight() == 0;
            });
  }

  private static int total(List<TestBackend> backends) {
    return backends.stream().mapToInt(TestBackend::requests).sum();
  }

  private static String metrics(AdminClient admin) {
    return admin.get("/metrics").body();
  }
}
