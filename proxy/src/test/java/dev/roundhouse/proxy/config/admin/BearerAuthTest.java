package dev.roundhouse.proxy.config.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final ConfigAdminEndpoint action =
      request -> {
        calls.incrementAndGet();
        return ConfigAdminResponse.of(200, Map.of("done", true));
      };

  private static ConfigAdminRequest request(String authorization) {
    return new ConfigAdminRequest("127.0.0.1:40000", Optional.ofNullable(authorization), Map.of());
  }

  private ConfigAdminEndpoint guarded(Optional<AdminToken> token) {
    return new BearerAuth(token).protect("POST /admin/reload", action);
  }

  @Test
  void withoutAConfiguredTokenTheActionIsOffAndSaysHowToTurnItOn() {
    ConfigAdminResponse response = guarded(Optional.empty()).handle(request("Bearer anything"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json())
        .contains(
            "POST /admin/reload is disabled: start the proxy with --admin-token-file FILE or set"
                + " ROUNDHOUSE_ADMIN_TOKEN");
    assertThat(calls).hasValue(0);
  }

  @Test
  void withoutCredentialsTheAnswerIsAChallenge() {
    ConfigAdminResponse response =
        guarded(Optional.of(AdminToken.of("t0k", "test"))).handle(request(null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers())
        .containsEntry("WWW-Authenticate", "Bearer realm=\"roundhouse-admin\"");
    assertThat(response.json()).contains("send Authorization: Bearer <token>");
    assertThat(calls).hasValue(0);
  }

  @Test
  void anotherSchemeIsNoCredential() {
    ConfigAdminResponse response =
        guarded(Optional.of(AdminToken.of("t0k", "test"))).handle(request("Basic dDBrOnQwaw=="));

    assertThat(response.status()).isEqualTo(401);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aWrongTokenIsRefused() {
    ConfigAdminResponse response =
        guarded(Optional.of(AdminToken.of("t0k", "test"))).handle(request("Bearer t0k2"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers())
        .containsEntry(
            "WWW-Authenticate", "Bearer realm=\"roundhouse-admin\", error=\"invalid_token\"");
    assertThat(response.json()).contains("the admin token is not valid");
    assertThat(calls).hasValue(0);
  }

  @Test
  void theRightTokenRunsTheAction() {
    ConfigAdminEndpoint endpoint = guarded(Optional.of(AdminToken.of("t0k", "test")));

    assertThat(endpoint.handle(request("Bearer t0k")).status()).isEqualTo(200);
    assertThat(endpoint.handle(request("bearer   t0k ")).status()).isEqualTo(200);
    assertThat(calls).hasValue(2);
  }
}
