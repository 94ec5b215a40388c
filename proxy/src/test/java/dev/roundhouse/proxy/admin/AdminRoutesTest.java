package dev.roundhouse.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The route table and the connection handler, on an embedded channel. */
class AdminRoutesTest {

  /** The blocking routes' tasks, run by the test: they must not run on the event loop. */
  private final Queue<Runnable> blocking = new ArrayDeque<>();

  private final AdminRoutes routes =
      new AdminRoutes(blocking::add)
          .get(
              "/hello",
              r -> AdminResponse.text(200, "hello " + r.queryParameter("name").orElse("?")))
          .postBlocking("/admin/reload", r -> AdminResponse.text(202, "reloading"))
          .get(
              "/broken",
              r -> {
                throw new IllegalStateException("boom");
              })
          .getBlocking(
              "/failed",
              r -> {
                throw new IllegalStateException("late boom");
              });

  private FullHttpResponse call(HttpMethod method, String uri) {
    EmbeddedChannel channel = new EmbeddedChannel(new AdminHttpHandler(routes));
    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    runBlocking();
    channel.runPendingTasks();
    FullHttpResponse response = channel.readOutbound();
    channel.finishAndReleaseAll();
    return response;
  }

  private void runBlocking() {
    Runnable task;
    while ((task = blocking.poll()) != null) {
      task.run();
    }
  }

  private static String body(FullHttpResponse response) {
    try {
      return response.content().toString(StandardCharsets.UTF_8);
    } finally {
      response.release();
    }
  }

  @Test
  void routesByPathAndMethodWithTheQueryDecoded() {
    FullHttpResponse response = call(HttpMethod.GET, "/hello?name=ops%20team");

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.headers().get("Cache-Control")).isEqualTo("no-store");
    assertThat(body(response)).isEqualTo("hello ops team\n");
  }

  @Test
  void anUnknownPathIs404AndListsTheEndpoints() {
    FullHttpResponse response = call(HttpMethod.GET, "/nope");

    assertThat(response.status().code()).isEqualTo(404);
    assertThat(body(response))
        .isEqualTo(
            "no admin endpoint /nope; there are [/admin/reload, /broken, /failed, /hello]\n");
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    FullHttpResponse response = call(HttpMethod.GET, "/admin/reload");

    assertThat(response.status().code()).isEqualTo(405);
    assertThat(response.headers().get("Allow")).isEqualTo("POST");
    response.release();
  }

  @Test
  void headIsServedByGetWithoutABody() {
    FullHttpResponse response = call(HttpMethod.HEAD, "/hello");

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().getInt("Content-Length")).isEqualTo("hello ?\n".length());
    assertThat(body(response)).isEmpty();
  }

  @Test
  void aBlockingRouteRunsOnTheBlockingExecutor() {
    EmbeddedChannel channel = new EmbeddedChannel(new AdminHttpHandler(routes));
    channel.writeInbound(
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/admin/reload"));
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(blocking).hasSize(1);

    runBlocking();
    channel.runPendingTasks();
    FullHttpResponse response = channel.readOutbound();
    channel.finishAndReleaseAll();
    assertThat(response.status().code()).isEqualTo(202);
    response.release();
  }

  @Test
  void anEndpointThatThrowsGives500OnOrOffTheEventLoop() {
    FullHttpResponse thrown = call(HttpMethod.GET, "/broken");
    FullHttpResponse failed = call(HttpMethod.GET, "/failed");

    assertThat(thrown.status().code()).isEqualTo(500);
    assertThat(body(thrown)).contains("boom");
    assertThat(failed.status().code()).isEqualTo(500);
    assertThat(body(failed))
        .isEqualTo("internal error: java.lang.IllegalStateException: late boom\n");
  }

  @Test
  void aRouteCannotBeRegisteredTwiceOrWithoutASlash() {
    assertThatThrownBy(() -> routes.post("/admin/reload", r -> null))
        .hasMessage("admin route POST /admin/reload exists already");
    assertThatThrownBy(() -> routes.get("status", r -> null))
        .hasMessage("an admin path starts with /: status");
  }
}
