package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A server requests are forwarded to.
 *
 * <p>In the config file a backend is either a URL string ({@code "http://backend1:9001"}) or an
 * object ({@code {url: "http://backend1:9001", weight: 3}}). In a {@code LoadBalancer} resource it
 * is always the object form, because a Kubernetes structural schema cannot say "a string or an
 * object".
 *
 * @param url the backend's base URL: {@code http} or {@code https}, a host, an optional port
 *     (default 80 or 443 by scheme) and no path
 * @param weight the backend's share of traffic under {@code weighted-round-robin}, at least 1
 *     (default 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Backend(
    @JsonPropertyDescription(
            "Base URL of the backend: http or https, a host, an optional port (default 80 or 443) and no path, e.g. http://web-1:9001.")
        @Required
        @Pattern("^https?://.+")
        String url,
    @JsonPropertyDescription("Share of traffic under weighted-round-robin; at least 1. Default 1.")
        @Min(1)
        Integer weight) {

  /** The weight of a backend that names none. */
  public static final int DEFAULT_WEIGHT = 1;

  /** Fills in the default weight. */
  public Backend {
    weight = weight != null ? weight : DEFAULT_WEIGHT;
  }

  /** A backend of the default weight, as written in the short form {@code - "http://b:9001"}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Backend of(String url) {
    return new Backend(url, null);
  }

  /**
   * The parsed URL, if it is a valid http(s) URL with a host; {@link ConfigValidator} reports why
   * not otherwise.
   */
  public Optional<URI> uri() {
    if (url == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Whether requests to this backend use TLS. */
  public boolean secure() {
    return uri().map(u -> u.getScheme().equalsIgnoreCase("https")).orElse(false);
  }

  /** The backend's host name or address. */
  public String host() {
    return uri().map(URI::getHost).orElseThrow(() -> invalid());
  }

  /** The backend's port, defaulted by scheme (80 for http, 443 for https). */
  public int port() {
    URI uri = uri().orElseThrow(() -> invalid());
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return secure() ? 443 : 80;
  }

  /**
   * A canonical name of this backend, {@code scheme://host:port} with the default port filled in:
   * two backends with the same address have the same address. Used as the {@code backend} label.
   */
  public String address() {
    return (secure() ? "https" : "http") + "://" + host().toLowerCase(Locale.ROOT) + ":" + port();
  }

  private IllegalStateException invalid() {
    return new IllegalStateException("backend URL \"" + url + "\" was not validated");
  }
}
