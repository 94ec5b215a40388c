package dev.roundhouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.SessionPersistence;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.SessionRouting;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionAffinityTest {

  private static List<BackendState> backends(int n) {
    List<BackendState> states = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      states.add(new BackendState(Backend.of("http://10.0.0." + i + ":80"), Instant.EPOCH));
    }
    return states;
  }

  private static HttpHeaders cookie(String header) {
    return new DefaultHttpHeaders().add("Cookie", header);
  }

  @Test
  void aClientWithoutTheCookieGetsOneNamingTheBackendThatAnswered() {
    List<BackendState> b = backends(3);
    SessionAffinity affinity =
        SessionAffinity.of(
            new SessionPersistence(
                SessionPersistence.Type.COOKIE,
                "RH",
                Duration.ofHours(1),
                "/app",
                true,
                null,
                SessionPersistence.SameSite.LAX),
            b);
    String key = affinity.key(new DefaultHttpHeaders());
    HttpHeaders response = new DefaultHttpHeaders().add("Set-Cookie", "app=1");

    assertThat(key).isNull();
    assertThat(affinity.target(key, List.of())).isNull();
    assertThat(affinity.bind(response, key, b.get(1))).isEqualTo(SessionRouting.NEW);
    String value = SessionCookies.value("http://10.0.0.2:80");
    assertThat(response.getAll("Set-Cookie"))
        .containsExactly(
            "app=1", "RH=" + value + "; Path=/app; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
    assertThat(value).doesNotContain("10.0.0.2").hasSize(16);
  }

  @Test
  void theCookieLeadsBackToItsBackendWithoutANewCookie() {
    List<BackendState> b = backends(3);
    SessionAffinity affinity = SessionAffinity.of(SessionPersistence.cookie("RH"), b);
    String value = SessionCookies.value(b.get(2).address());
    String key = affinity.key(cookie("theme=dark; RH=" + value + "; lang=en"));
    HttpHeaders response = new DefaultHttpHeaders();

    assertThat(affinity.target(key, List.of())).isSameAs(b.get(2));
    assertThat(affinity.bind(response, key, b.get(2))).isEqualTo(SessionRouting.STICKY);
    assertThat(response.contains("Set-Cookie")).isFalse();
  }

  @Test
  void theValueIsTheSameForEveryTableWithTheBackend() {
    // Two replicas (or a reload) build their own tables; a client's cookie is good for both.
    SessionAffinity one = SessionAffinity.of(SessionPersistence.cookie("RH"), backends(3));
    List<BackendState> other = backends(3);
    HttpHeaders response = new DefaultHttpHeaders();
    one.bind(response, null, backends(3).get(0));
    // a state object of another table is unknown to this one: nothing is set
    assertThat(response.contains("Set-Cookie")).isFalse();
    SessionAffinity two = SessionAffinity.of(SessionPersistence.cookie("RH"), other);
    String key = SessionCookies.value("http://10.0.0.1:80");
    assertThat(two.target(key, List.of())).isSameAs(other.get(0));
  }

  @Test
  void anUnknownValueOrAnUnavailableBackendIsRebalancedWithANewCookie() {
    List<BackendState> b = backends(2);
    SessionAffinity affinity = SessionAffinity.of(SessionPersistence.cookie("RH"), b);
    String toFirst = SessionCookies.value(b.get(0).address());
    b.get(0).markDown("test", Instant.EPOCH);

    assertThat(affinity.target("forged", List.of())).isNull();
    assertThat(affinity.target(toFirst, List.of())).isNull();
    assertThat(affinity.target(SessionCookies.value(b.get(1).address()), List.of(b.get(1))))
        .as("a backend this request already tried")
        .isNull();
    HttpHeaders response = new DefaultHttpHeaders();
    assertThat(affinity.bind(response, toFirst, b.get(1))).isEqualTo(SessionRouting.REBALANCED);
    assertThat(response.get("Set-Cookie"))
        .isEqualTo("RH=" + SessionCookies.value(b.get(1).address()) + "; Path=/; HttpOnly");
  }

  @Test
  void aHeaderValueIsHashedOntoOneBackendAndMovesOnlyWhenItGoesDown() {
    List<BackendState> b = backends(3);
    SessionAffinity affinity = SessionAffinity.of(SessionPersistence.header("X-User"), b);
    Set<BackendState> used = new HashSet<>();
    for (int user = 0; user < 60; user++) {
      String key = affinity.key(new DefaultHttpHeaders().add("x-user", "user-" + user));
      BackendState first = affinity.target(key, List.of());
      assertThat(affinity.target(key, List.of())).isSameAs(first);
      used.add(first);
    }
    assertThat(used).hasSize(3);

    String key = "user-7";
    BackendState home = affinity.target(key, List.of());
    home.markDown("test", Instant.EPOCH);
    BackendState away = affinity.target(key, List.of());
    assertThat(away).isNotNull().isNotSameAs(home);
    home.markUp("test", Instant.EPOCH);
    assertThat(affinity.target(key, List.of())).isSameAs(home);
    assertThat(affinity.key(new DefaultHttpHeaders())).isNull();
    assertThat(affinity.bind(new DefaultHttpHeaders(), key, home)).isEqualTo(SessionRouting.STICKY);
  }

  @Test
  void cookieHeaderParsing() {
    assertThat(CookieHeader.find("a=1; RH=xyz", "RH")).isEqualTo("xyz");
    assertThat(CookieHeader.find("RH=\"xyz\"", "RH")).isEqualTo("xyz");
    assertThat(CookieHeader.find("XRH=1;RH=2", "RH")).isEqualTo("2");
    assertThat(CookieHeader.find("a=1; b", "RH")).isNull();
    assertThat(CookieHeader.find("", "RH")).isNull();
  }
}
