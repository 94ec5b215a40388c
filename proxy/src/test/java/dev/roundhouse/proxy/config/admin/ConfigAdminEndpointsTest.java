package dev.roundhouse.proxy.config.admin;

import static dev.roundhouse.proxy.config.Configs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.proxy.admin.AdminRequest;
import dev.roundhouse.proxy.admin.AdminResponse;
import dev.roundhouse.proxy.admin.AdminRoutes;
import dev.roundhouse.proxy.config.ConfigReloader;
import dev.roundhouse.proxy.config.ConfigRevisionHistory;
import dev.roundhouse.proxy.config.RecordingApplier;
import dev.roundhouse.proxy.config.TestSource;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The config endpoints over a real reloader: what an admin with curl would see. */
class ConfigAdminEndpointsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "0123456789abcdef";

  private final TestSource source = new TestSource(yaml(8080, 9001));
  private final RecordingApplier applier = new RecordingApplier();
  private final ConfigReloader reloader =
      new ConfigReloader(
          source,
          applier,
          outcome -> {},
          new ConfigRevisionHistory(10),
          UnaryOperator.identity(),
          Clock.systemUTC());
  private final AdminRoutes routes =
      ConfigAdminEndpoints.install(
          new AdminRoutes(Runnable::run),
          reloader,
          new BearerAuth(Optional.of(AdminToken.of(TOKEN, "test"))));

  @BeforeEach
  void acceptThree() {
    for (int backend = 9001; backend <= 9003; backend++) {
      source.set(yaml(8080, backend));
      reloader.reloadNow();
    }
  }

  @AfterEach
  void close() {
    reloader.close();
  }

  private static AdminRequest request(
      HttpMethod method, String path, Optional<String> token, Map<String, List<String>> query) {
    HttpHeaders headers = new DefaultHttpHeaders();
    token.ifPresent(t -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + t));
    return new AdminRequest(method, path, query, headers, new byte[0], "127.0.0.1:40000");
  }

  private static AdminResponse call(AdminRoutes routes, AdminRequest request) {
    return routes.dispatch(request).toCompletableFuture().join();
  }

  private AdminResponse revisions() {
    return call(routes, request(HttpMethod.GET, "/admin/revisions", Optional.empty(), Map.of()));
  }

  private AdminResponse rollback(Optional<String> token, Map<String, List<String>> query) {
    return call(routes, request(HttpMethod.POST, "/admin/rollback", token, query));
  }

  private AdminResponse rollback(Map<String, List<String>> query) {
    return rollback(Optional.of(TOKEN), query);
  }

  private AdminResponse reload() {
    return call(routes, request(HttpMethod.POST, "/admin/reload", Optional.of(TOKEN), Map.of()));
  }

  private static JsonNode body(AdminResponse response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void revisionsListsTheKeptOnesOldestFirstWithTheActiveOneMarked() throws Exception {
    AdminResponse response = revisions();

    assertThat(response.status()).isEqualTo(200);
    JsonNode json = body(response);
    assertThat(json.get("active").asLong()).isEqualTo(3);
    assertThat(json.get("rolledBack").asBoolean()).isFalse();
    assertThat(json.get("revisions").findValuesAsText("revision")).containsExactly("1", "2", "3");
    assertThat(json.get("revisions").findValues("active"))
        .extracting(JsonNode::asBoolean)
        .containsExactly(false, false, true);
    assertThat(json.get("revisions").get(0).get("source").asText()).isEqualTo("test source");
    assertThat(json.get("revisions").get(0).get("time").asText()).endsWith("Z");
    assertThat(json.get("revisions").get(0).get("summary").asText())
        .isEqualTo("1 frontend, 1 backend, round-robin");
  }

  @Test
  void rollbackToAGivenRevisionWithTheToken() throws Exception {
    AdminResponse response = rollback(Map.of("revision", List.of("1")));

    assertThat(response.status()).isEqualTo(200);
    JsonNode json = body(response);
    assertThat(json.get("result").asText()).isEqualTo("rolled_back");
    assertThat(json.get("revision").asLong()).isEqualTo(1);
    assertThat(json.get("previousRevision").asLong()).isEqualTo(3);
    assertThat(applier.numbers()).containsExactly(1L, 2L, 3L, 1L);
  }

  @Test
  void rollbackWithoutTheTokenIsRefusedAndChangesNothing() throws Exception {
    AdminResponse response = rollback(Optional.empty(), Map.of("revision", List.of("1")));

    assertThat(response.status()).isEqualTo(401);
    assertThat(applier.numbers()).containsExactly(1L, 2L, 3L);
    assertThat(reloader.status().active().orElseThrow().number()).isEqualTo(3);
  }

  @Test
  void rollbackWithoutARevisionGoesToThePreviousOne() throws Exception {
    JsonNode json = body(rollback(Map.of()));

    assertThat(json.get("revision").asLong()).isEqualTo(2);
  }

  @Test
  void rollbackToAnUnknownRevisionIs404SayingWhichAreKept() throws Exception {
    AdminResponse response = rollback(Map.of("revision", List.of("9")));

    assertThat(response.status()).isEqualTo(404);
    assertThat(body(response).get("error").asText())
        .isEqualTo("revision 9 is not in the history (kept: 1, 2, 3)");
  }

  @Test
  void rollbackToSomethingThatIsNotARevisionNumberIs400() throws Exception {
    for (String bad : List.of("abc", "0", "-2", "")) {
      AdminResponse response = rollback(Map.of("revision", List.of(bad)));
      assertThat(response.status()).as(bad).isEqualTo(400);
      assertThat(body(response).get("error").asText()).contains("positive whole number");
    }
  }

  @Test
  void rollbackPastTheOldestIs409() throws Exception {
    rollback(Map.of("revision", List.of("1")));

    AdminResponse response = rollback(Map.of());

    assertThat(response.status()).isEqualTo(409);
    assertThat(body(response).get("error").asText())
        .contains("revision 1 is the oldest kept revision");
  }

  @Test
  void reloadAnswersWithTheOutcome() throws Exception {
    source.set(yaml(8080, 9004));
    JsonNode accepted = body(reload());
    assertThat(accepted.get("result").asText()).isEqualTo("accepted");
    assertThat(accepted.get("revision").asLong()).isEqualTo(4);

    JsonNode unchanged = body(reload());
    assertThat(unchanged.get("result").asText()).isEqualTo("unchanged");

    source.set("frontends: [{port: 8080}]\nbackends: [\"htp://x\"]\n");
    AdminResponse rejected = reload();
    assertThat(rejected.status()).isEqualTo(422);
    JsonNode json = body(rejected);
    assertThat(json.get("result").asText()).isEqualTo("rejected");
    assertThat(json.get("revision").asLong()).isEqualTo(4);
    assertThat(json.get("problems").get(0).get("path").asText()).isEqualTo("backends[0]");
  }

  @Test
  void withoutAConfiguredTokenReloadAndRollbackAreOffButRevisionsStayOpen() {
    AdminRoutes off =
        ConfigAdminEndpoints.install(
            new AdminRoutes(Runnable::run), reloader, new BearerAuth(Optional.empty()));
    Optional<String> token = Optional.of(TOKEN);

    assertThat(call(off, request(HttpMethod.POST, "/admin/reload", token, Map.of())).status())
        .isEqualTo(403);
    assertThat(call(off, request(HttpMethod.POST, "/admin/rollback", token, Map.of())).status())
        .isEqualTo(403);
    assertThat(call(off, request(HttpMethod.GET, "/admin/revisions", token, Map.of())).status())
        .isEqualTo(200);
    assertThat(applier.numbers()).containsExactly(1L, 2L, 3L);
  }
}
