package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
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
 * <p>A backend is either a URL or a Kubernetes {@link ServiceRef Service}. A URL is one server,
 * unless {@code resolve: all} makes every address its host name resolves to a server of its own; a
 * Service is one server per ready endpoint. The proxy expands such a <em>dynamic</em> backend into
 * its endpoints, each with the backend's weight; {@link #host()}, {@link #port()} and {@link
 * #address()} are then the endpoints', and only a static URL backend (or an endpoint) has them.
 *
 * @param url the backend's base URL: {@code http} or {@code https}, a host, an optional port
 *     (default 80 or 443 by scheme) and no path; not with {@code service}
 * @param weight the backend's share of traffic under {@code weighted-round-robin}, at least 1
 *     (default 1); for a dynamic backend, the weight of each of its endpoints
 * @param service a Service whose endpoints are the servers; not with {@code url}
 * @param resolve {@code all} to balance over every address the URL's host resolves to; absent, the
 *     proxy connects to the host name as it is (one server)
 * @param resolveInterval how often the host name of {@code resolve: all} is resolved again (default
 *     5s)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.url) != has(self.service)",
    message = "a backend is either a url or a service: exactly one of the two")
@ValidationRule(
    value = "!has(self.resolve) || has(self.url)",
    message = "resolve applies to a url backend (a service backend is always per endpoint)")
@ValidationRule(
    value = "!has(self.resolveInterval) || has(self.resolve)",
    message = "resolveInterval needs resolve: all")
public record Backend(
    @JsonPropertyDescription(
            "Base URL of the backend: http or https, a host, an optional port (default 80 or 443) and no path, e.g. http://web-1:9001. Exactly one of url and service.")
        @Pattern("^https?://.+")
        String url,
    @JsonPropertyDescription(
            "Share of traffic under weighted-round-robin; at least 1; for a service or resolve: all backend, the share of each endpoint. Default 1.")
        @Min(1)
        Integer weight,
    @JsonPropertyDescription(
            "A Service in the LoadBalancer's namespace whose ready endpoints (from its EndpointSlices) are the backends. Exactly one of url and service.")
        ServiceRef service,
    @JsonPropertyDescription(
            "all: balance over every A/AAAA record of the url's host, re-resolved every resolveInterval (docker compose --scale, headless Services). Absent: connect to the host name as it is.")
        Resolve resolve,
    @JsonPropertyDescription(
            "How often the host name of resolve: all is resolved again, a Go duration such as 5s. Default 5s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration resolveInterval) {

  /** The weight of a backend that names none. */
  public static final int DEFAULT_WEIGHT = 1;

  /** How often {@code resolve: all} resolves its name when the config does not say. */
  public static final Duration DEFAULT_RESOLVE_INTERVAL = Duration.ofSeconds(5);

  /** Fills in the default weight. */
  public Backend {
    weight = weight != null ? weight : DEFAULT_WEIGHT;
  }

  /** A URL backend of this weight (default 1 when null). */
  public Backend(String url, Integer weight) {
    this(url, weight, null, null, null);
  }

  /** A backend of the default weight, as written in the short form {@code - "http://b:9001"}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Backend of(String url) {
    return new Backend(url, null);
  }

  /** The endpoints of a Service, each of this weight (default 1 when null). */
  public static Backend service(ServiceRef service, Integer weight) {
    return new Backend(null, weight, service, null, null);
  }

  /** Every address {@code url}'s host resolves to, re-resolved every {@code interval}. */
  public static Backend resolveAll(String url, Integer weight, Duration interval) {
    return new Backend(url, weight, null, Resolve.ALL, interval);
  }

  /**
   * Whether this backend stands for a changing set of endpoints (a Service, or {@code resolve:
   * all}) that the proxy expands before it balances, rather than for one server.
   */
  public boolean dynamic() {
    return service != null || resolve == Resolve.ALL;
  }

  /** How often {@code resolve: all} resolves its name again: as configured, or 5s. */
  public Duration effectiveResolveInterval() {
    return resolveInterval != null ? resolveInterval : DEFAULT_RESOLVE_INTERVAL;
  }

  /** The same backend with this URL: how the proxy turns a dynamic backend into an endpoint. */
  public Backend endpoint(String endpointUrl) {
    return new Backend(endpointUrl, weight);
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
   * two backends with the same address have the same address. Used as the {@code backend} label. A
   * service backend, which has no URL, is named {@code service/name:port} (it is never a label: its
   * endpoints are).
   */
  public String address() {
    if (service != null) {
      return "service/" + service;
    }
    return (secure() ? "https" : "http") + "://" + host().toLowerCase(Locale.ROOT) + ":" + port();
  }

  private IllegalStateException invalid() {
    if (service != null) {
      return new IllegalStateException(
          "service backend " + service + " has no host or port of its own: expand it first");
    }
    return new IllegalStateException("backend URL \"" + url + "\" was not validated");
  }
}
