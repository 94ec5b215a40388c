package dev.roundhouse.proxy.balance;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.SessionPersistence;
import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.SessionRouting;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Cookie persistence: the cookie's value names a backend ({@link SessionCookies}); a request whose
 * value names no available backend (none, unknown, removed, down) is balanced and its response gets
 * a new cookie.
 */
final class CookieAffinity implements SessionAffinity {

  private final String name;
  private final String attributes;
  private final Map<String, BackendState> byValue = new HashMap<>();
  private final Map<BackendState, String> values = new LinkedHashMap<>();

  CookieAffinity(SessionPersistence settings, List<BackendState> backends) {
    this.name = requireNonNull(settings.name(), "name");
    this.attributes = attributes(settings);
    for (BackendState backend : backends) {
      String value = SessionCookies.value(backend.address());
      byValue.put(value, backend);
      values.put(backend, value);
    }
  }

  private static String attributes(SessionPersistence settings) {
    StringBuilder out = new StringBuilder("; Path=").append(settings.cookiePath());
    if (settings.maxAge() != null) {
      long seconds = Math.max(1, settings.maxAge().toSeconds());
      out.append("; Max-Age=").append(seconds);
    }
    if (settings.cookieSecure()) {
      out.append("; Secure");
    }
    if (settings.cookieHttpOnly()) {
      out.append("; HttpOnly");
    }
    if (settings.sameSite() != null) {
      out.append("; SameSite=").append(settings.sameSite().attribute());
    }
    return out.toString();
  }

  @Override
  public @Nullable String key(HttpHeaders request) {
    for (String header : request.getAll(HttpHeaderNames.COOKIE)) {
      String value = CookieHeader.find(header, name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  @Override
  public @Nullable BackendState target(@Nullable String key, Collection<BackendState> excluded) {
    BackendState backend = key == null ? null : byValue.get(key);
    return backend != null && Eligibility.AVAILABLE.eligible(backend, excluded) ? backend : null;
  }

  @Override
  public @Nullable SessionRouting bind(
      HttpHeaders response, @Nullable String key, BackendState backend) {
    String value = values.get(backend);
    if (value == null) {
      return null; // not a backend of this table; cannot happen
    }
    if (value.equals(key)) {
      return SessionRouting.STICKY;
    }
    response.add(HttpHeaderNames.SET_COOKIE, name + "=" + value + attributes);
    return key == null ? SessionRouting.NEW : SessionRouting.REBALANCED;
  }

  @Override
  public Optional<Map<String, Object>> describe() {
    Map<String, Object> cookies = new LinkedHashMap<>();
    values.forEach((backend, value) -> cookies.put(backend.address(), value));
    return Optional.of(Map.of("type", "cookie", "name", name, "cookies", cookies));
  }
}
