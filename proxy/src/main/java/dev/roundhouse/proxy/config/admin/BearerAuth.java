package dev.roundhouse.proxy.config.admin;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.admin.AdminEndpoint;
import dev.roundhouse.proxy.admin.AdminRequest;
import dev.roundhouse.proxy.admin.AdminResponse;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the state-changing admin endpoints. Without a configured token they are off (403, saying
 * how to turn them on); with one, a request needs {@code Authorization: Bearer <token>} (401 with
 * {@code WWW-Authenticate} otherwise, RFC 6750).
 */
public final class BearerAuth {

  static final String CHALLENGE = "Bearer realm=\"roundhouse-admin\"";

  private static final Logger log = LoggerFactory.getLogger(BearerAuth.class);

  private final Optional<AdminToken> token;

  /** Guards with {@code token}; empty means the endpoints are off. */
  public BearerAuth(Optional<AdminToken> token) {
    this.token = requireNonNull(token, "token");
  }

  /** Whether state-changing endpoints can be used at all. */
  public boolean enabled() {
    return token.isPresent();
  }

  /** {@code endpoint}, answering only requests that carry the token. */
  public AdminEndpoint protect(String action, AdminEndpoint endpoint) {
    requireNonNull(action, "action");
    requireNonNull(endpoint, "endpoint");
    return request -> refusal(action, request).orElseGet(() -> endpoint.handle(request));
  }

  /** Why {@code request} may not do {@code action}, or empty when it may. */
  Optional<AdminResponse> refusal(String action, AdminRequest request) {
    if (token.isEmpty()) {
      return Optional.of(
          AdminResponse.error(
              403,
              action
                  + " is disabled: start the proxy with --admin-token-file FILE or set "
                  + AdminToken.ENV
                  + " to enable the admin actions"));
    }
    Optional<String> presented = request.authorization().flatMap(BearerAuth::bearerToken);
    if (presented.isEmpty()) {
      return Optional.of(
          AdminResponse.error(
                  401, action + " needs the admin token: send Authorization: Bearer <token>")
              .withHeader("WWW-Authenticate", CHALLENGE));
    }
    if (!token.get().matches(presented.get())) {
      log.warn("refused {} from {}: wrong admin token", action, request.client());
      return Optional.of(
          AdminResponse.error(401, "the admin token is not valid")
              .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\""));
    }
    return Optional.empty();
  }

  /** The token of a {@code Bearer} credential; the scheme is case-insensitive. */
  private static Optional<String> bearerToken(String authorization) {
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String credential = value.substring(space + 1).strip();
    return credential.isEmpty() ? Optional.empty() : Optional.of(credential);
  }
}
