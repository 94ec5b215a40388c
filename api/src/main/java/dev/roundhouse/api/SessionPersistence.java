package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/**
 * Session persistence ("sticky sessions"): the requests of one client session go to the same
 * backend while it is available, the two kinds of the Gateway API's {@code SessionPersistence}.
 *
 * <p>{@code cookie}: a client without the cookie is balanced by the algorithm and its response
 * carries {@code Set-Cookie: NAME=VALUE}, VALUE naming the backend that answered; a client that
 * sends it goes to that backend while it is available, else it is balanced again and gets a new
 * cookie. The value is derived from the backend's address alone (a hash, not the address), so every
 * proxy replica with the same backends agrees on it without sharing anything. {@code header}: the
 * value of the named request header is hashed onto the available backends (rendezvous hashing, as
 * {@code ip-hash} does with the client address); the same value reaches the same backend.
 *
 * @param type {@code cookie} or {@code header}
 * @param name the cookie's name (default {@code RH_BACKEND}), or the request header's (required)
 * @param maxAge how long the browser keeps the cookie; a session cookie when absent
 * @param path the cookie's {@code Path} (default {@code /})
 * @param secure whether the cookie is sent over HTTPS only (default false)
 * @param httpOnly whether scripts cannot read the cookie (default true)
 * @param sameSite the cookie's {@code SameSite}: Strict, Lax or None; left out when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'header' || has(self.name)",
    message = "sessionPersistence.name is required for type header")
@ValidationRule(
    value =
        "self.type != 'header' || !(has(self.maxAge) || has(self.path) || has(self.secure)"
            + " || has(self.httpOnly) || has(self.sameSite))",
    message = "maxAge, path, secure, httpOnly and sameSite apply to type cookie only")
@ValidationRule(
    value = "!has(self.sameSite) || self.sameSite != 'None' || (has(self.secure) && self.secure)",
    message = "sessionPersistence.sameSite None needs secure: true")
public record SessionPersistence(
    @JsonPropertyDescription(
            "cookie (a cookie names the backend; set by the proxy) or header (a request header's value is hashed onto the backends).")
        @Required
        Type type,
    @JsonPropertyDescription(
            "The cookie's name (default RH_BACKEND) or, for type header, the request header's name (required).")
        @Pattern(SessionPersistence.TOKEN)
        String name,
    @JsonPropertyDescription(
            "Cookie only: how long the browser keeps the cookie, a Go duration such as 1h. A session cookie when absent.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration maxAge,
    @JsonPropertyDescription("Cookie only: the cookie's Path. Default /.") @Pattern("^/[^;]*$")
        String path,
    @JsonPropertyDescription("Cookie only: sent over HTTPS only (Secure). Default false.")
        Boolean secure,
    @JsonPropertyDescription("Cookie only: hidden from scripts (HttpOnly). Default true.")
        Boolean httpOnly,
    @JsonPropertyDescription(
            "Cookie only: the cookie's SameSite, Strict, Lax or None (None needs secure: true). Left out when absent.")
        SameSite sameSite) {

  /** An HTTP token (RFC 9110 5.6.2): what a cookie or header name is made of. */
  public static final String TOKEN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

  /** The cookie's name when none is given. */
  public static final String DEFAULT_COOKIE = "RH_BACKEND";

  /** What keys a session. */
  public enum Type {
    /** A cookie the proxy sets, naming the backend. */
    @JsonProperty("cookie")
    COOKIE,
    /** A request header the client sends, hashed onto the backends. */
    @JsonProperty("header")
    HEADER
  }

  /** The cookie's {@code SameSite} attribute. */
  public enum SameSite {
    /** Sent only with same-site requests. */
    @JsonProperty("Strict")
    STRICT,
    /** Also sent with top-level navigations from other sites. */
    @JsonProperty("Lax")
    LAX,
    /** Sent with every request; browsers require Secure with it. */
    @JsonProperty("None")
    NONE;

    /** The attribute's value, as written in {@code Set-Cookie}. */
    public String attribute() {
      return switch (this) {
        case STRICT -> "Strict";
        case LAX -> "Lax";
        case NONE -> "None";
      };
    }
  }

  /** Fills in the cookie's name when a cookie has none. */
  public SessionPersistence {
    name = name == null && type == Type.COOKIE ? DEFAULT_COOKIE : name;
  }

  /** Cookie persistence named {@code name}, with every attribute at its default. */
  public static SessionPersistence cookie(String name) {
    return new SessionPersistence(Type.COOKIE, name, null, null, null, null, null);
  }

  /** Header persistence on the request header {@code name}. */
  public static SessionPersistence header(String name) {
    return new SessionPersistence(Type.HEADER, name, null, null, null, null, null);
  }

  /** The cookie's {@code Path}. */
  public String cookiePath() {
    return path != null ? path : "/";
  }

  /** Whether the cookie has {@code Secure}. */
  public boolean cookieSecure() {
    return Boolean.TRUE.equals(secure);
  }

  /** Whether the cookie has {@code HttpOnly}. */
  public boolean cookieHttpOnly() {
    return !Boolean.FALSE.equals(httpOnly);
  }

  /** Whether any cookie attribute is set, which a header key has no use for. */
  boolean hasCookieAttributes() {
    return maxAge != null || path != null || secure != null || httpOnly != null || sameSite != null;
  }
}
