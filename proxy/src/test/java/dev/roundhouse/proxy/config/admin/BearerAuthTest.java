package dev.roundhouse.proxy.config.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.admin.AdminEndpoint;
import dev.roundhouse.proxy.admin.AdminRequest;
import dev.roundhouse.proxy.admin.AdminResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final AdminEndpoint action =
      request -> {
        calls.incrementAndGet();
        return AdminResponse.json(200, Map.of("done", true));
      };

  private static AdminRequest request(String authorization) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (authorization != null) {
      headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
    }
    return new AdminRequest(
        HttpMethod.POST, "/admin/reload", Map.of(), headers, new byte[0], "127.0.0.1:40000");
  }

  private static String text(AdminResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private AdminEndpoint guarded(Optional<AdminToken> token) {
    return new BearerAuth(token).protect("POST /admin/reload", action);
  }

  @Test
  void withoutAConfiguredTokenTheActionIsOffAndSaysHowToTurnItOn() {
    AdminResponse response = guarded(Optional.empty()).handle(request("Bearer anything"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(text(response))
        .contains(
            "POST /admin/reload is disabled: start the proxy with --admin-token-file FILE or set"
                + " ROUNDHOUSE_ADMIN_TOKEN");
    assertThat(calls).hasValue(0);
  }

  @Test
  void withoutCredentialsTheAnswerIsAChallenge() {
    AdminResponse response =
        guarded(Optional.of(AdminToken.of("t0k", "test"))).handle(request(null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers())
        .containsEntry("WWW-Authenticate", "Bearer realm=\"roundhouse-admin\"");
    assertThat(text(response)).contains("send Authorization: Bearer <token>");
    assertThat(calls).hasValue(0);
  }

  @Test
  void anotherSchemeIsNoCredential() {
    AdminResponse response =
        guarded(Optional.of(AdminToken.of("t0k", "test"))).handle(request("Basic dDBrOnQwaw=="));

    assertThat(response.status()).isEqualTo(401);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aWrongTokenIsRefused() {
    AdminResponse response =
        guarded(Optional.of(AdminToken.of("t0k", "test"))).handle(request("Bearer t0k2"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers())
        .containsEntry(
            "WWW-Authenticate", "Bearer realm=\"roundhouse-admin\", error=\"invalid_token\"");
    assertThat(text(response)).contains("the admin token is not valid");
    assertThat(calls).hasValue(0);
  }

  @Test
  void theRightTokenRunsTheAction() {
    AdminEndpoint endpoint = guarded(Optional.of(AdminToken.of("t0k", "test")));

    assertThat(endpoint.handle(request("Bearer t0k")).status()).isEqualTo(200);
    assertThat(endpoint.handle(request("bearer   t0k ")).status()).isEqualTo(200);
    assertThat(calls).hasValue(2);
  }
}
