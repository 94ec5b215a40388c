package dev.roundhouse.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.backend.http.RequestPlan.Route;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestPlanTest {

  @ParameterizedTest
  @CsvSource({
    "GET, /, IDENTITY",
    "GET, /any/path?x=1, IDENTITY",
    "HEAD, /, IDENTITY",
    "DELETE, /things/1, IDENTITY",
    "POST, /, ECHO",
    "PUT, /x, ECHO",
    "PATCH, /x, ECHO",
    "POST, /?size=10, SIZED",
    "GET, /?size=0, SIZED",
    "POST, /?digest=sha256, DIGEST",
    "PUT, /?digest=sha256&size=5, DIGEST",
    "POST, /?digest=md5, BAD_SWITCH",
    "GET, /health, HEALTH",
    "GET, /health?size=10, HEALTH",
    "GET, /admin/health, ADMIN_HEALTH",
    "GET, /admin/health?status=down, ADMIN_HEALTH",
    "GET, /admin/health?status=off, ADMIN_BAD_REQUEST",
    "GET, /admin/stats, ADMIN_STATS",
    "GET, /admin/other, ADMIN_NOT_FOUND",
    "GET, /?delay=x, BAD_SWITCH",
    "GET, /?status=600, BAD_SWITCH",
    "GET, /?size=1e3, BAD_SWITCH",
  })
  void routes(String method, String uri, Route route) {
    assertThat(plan(method, uri).route()).isEqualTo(route);
  }

  @Test
  void switchesAreReadAndTheLastValueWins() {
    RequestPlan plan = plan("GET", "/x?delay=1s&status=500&status=502&size=42");
    assertThat(plan.delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(plan.status()).isEqualTo(502);
    assertThat(plan.size()).isEqualTo(42);
  }

  @Test
  void onlyServedRoutesAreCounted() {
    assertThat(Route.IDENTITY.counted()).isTrue();
    assertThat(Route.ECHO.counted()).isTrue();
    assertThat(Route.SIZED.counted()).isTrue();
    assertThat(Route.BAD_SWITCH.counted()).isTrue();
    assertThat(Route.HEALTH.counted()).isFalse();
    assertThat(Route.ADMIN_STATS.counted()).isFalse();
    assertThat(Route.ADMIN_HEALTH.counted()).isFalse();
  }

  private static RequestPlan plan(String method, String uri) {
    return RequestPlan.of(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri));
  }
}
