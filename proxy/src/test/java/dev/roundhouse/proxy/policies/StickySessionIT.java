package dev.roundhouse.proxy.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.SessionPersistence;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cookie persistence through two proxy processes with the same config (two replicas behind one
 * Service): a client keeps its backend across both, and moves, with a new cookie, when it dies.
 */
class StickySessionIT {

  private final List<BackendProcess> backends = new ArrayList<>();

  @BeforeEach
  void startBackends() {
    for (int i = 1; i <= 3; i++) {
      backends.add(BackendProcess.start(i));
    }
  }

  @AfterEach
  void stopBackends() {
    backends.forEach(BackendProcess::close);
  }

  private LoadBalancerConfig config() {
    return ProxyProcess.configFor(backends.stream().map(BackendProcess::url).toList()).toBuilder()
        .sessionPersistence(SessionPersistence.cookie("RH_BACKEND"))
        .build();
  }

  /** The same config on other ports: the second replica. */
  private static LoadBalancerConfig onOtherPorts(LoadBalancerConfig config) {
    return config.toBuilder()
        .frontends(List.of(Frontend.onPort(FreePorts.next())))
        .metrics(new Metrics(null, FreePorts.next()))
        .build();
  }

  /** {@code RH_BACKEND=value} out of a Set-Cookie, or null. */
  private static String cookieOf(RawHttp.Response response) {
    String setCookie = response.header("Set-Cookie");
    return setCookie == null ? null : setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void aClientStaysOnItsBackendAcrossReplicasAndMovesWhenItGoesDown() throws Exception {
    LoadBalancerConfig config = config();
    try (ProxyProcess one = ProxyProcess.builder().config(config).start();
        ProxyProcess two = ProxyProcess.builder().config(onOtherPorts(config)).start();
        RawHttp toOne = RawHttp.connect(one.port());
        RawHttp toTwo = RawHttp.connect(two.port())) {
      RawHttp.Response first = toOne.get("/");
      String cookie = cookieOf(first);
      String home = first.header("X-Backend-Id");
      assertThat(cookie).startsWith("RH_BACKEND=").doesNotContain("127.0.0.1");
      assertThat(first.header("Set-Cookie")).endsWith("; Path=/; HttpOnly");

      Set<String> answered = new HashSet<>();
      int cookiesSet = 0;
      for (int i = 0; i < 1000; i++) {
        RawHttp.Response response = (i % 2 == 0 ? toOne : toTwo).get("/", "Cookie: " + cookie);
        assertThat(response.status()).isEqualTo(200);
        answered.add(response.header("X-Backend-Id"));
        cookiesSet += response.header("Set-Cookie") == null ? 0 : 1;
      }
      assertThat(answered).containsExactly(home);
      assertThat(cookiesSet).as("a client with a good cookie gets no new one").isZero();

      // Without the cookie, round-robin spreads the clients: the cookie is what kept them.
      Set<String> cookieless = new HashSet<>();
      for (int i = 0; i < 6; i++) {
        cookieless.add(toTwo.get("/").header("X-Backend-Id"));
      }
      assertThat(cookieless).hasSize(3);

      backends.get(Integer.parseInt(home) - 1).stop();
      RawHttp.Response moved = toTwo.get("/", "Cookie: " + cookie);
      String newHome = moved.header("X-Backend-Id");
      String newCookie = cookieOf(moved);
      assertThat(moved.status()).isEqualTo(200);
      assertThat(newHome).isNotEqualTo(home);
      assertThat(newCookie).startsWith("RH_BACKEND=").isNotEqualTo(cookie);
      for (int i = 0; i < 100; i++) {
        RawHttp.Response response = (i % 2 == 0 ? toOne : toTwo).get("/", "Cookie: " + newCookie);
        assertThat(response.header("X-Backend-Id")).isEqualTo(newHome);
      }

      // A cookie the proxies never set is balanced, and replaced.
      RawHttp.Response forged = toOne.get("/", "Cookie: RH_BACKEND=forged");
      assertThat(forged.status()).isEqualTo(200);
      assertThat(cookieOf(forged)).startsWith("RH_BACKEND=").isNotEqualTo("RH_BACKEND=forged");
      assertThat(one.output()).doesNotContain("ERROR");
    }
  }
}
