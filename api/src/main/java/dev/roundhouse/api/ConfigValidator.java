package dev.roundhouse.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules of a config that its types cannot express: port ranges and clashes, backend URLs,
 * positive durations, connection limits of at least 1, the health-check timeout below its interval.
 * Returns every problem at once.
 *
 * <p>The proxy runs it on every config it loads and the operator on every {@code LoadBalancer}
 * spec, so a config is judged the same way wherever it comes from.
 */
public final class ConfigValidator {

  /** The most retries a config may ask for; more only multiplies load on a failing fleet. */
  public static final int MAX_RETRIES = 10;

  /** A protocol of an {@code Upgrade} header: a token, with an optional {@code /version}. */
  private static final String UPGRADE_TOKEN =
      "[!#$%&'*+.^_`|~0-9A-Za-z-]+(/[!#$%&'*+.^_`|~0-9A-Za-z-]+)?";

  private ConfigValidator() {}

  /** Every problem of {@code config}, in document order; empty when it is valid. */
  public static List<Violation> validate(LoadBalancerConfig config) {
    List<Violation> out = new ArrayList<>();
    Map<Integer, String> portOwners = new HashMap<>();
    checkFrontends(config.frontends(), portOwners, out);
    checkTls(config.frontends(), out);
    checkBackends(config.backends(), out);
    checkHealthCheck(config.healthcheck(), out);
    checkTimeouts(config.timeouts(), out);
    checkUpgrades(config.upgrades(), out);
    checkAtLeastOne("limits.maxConnections", config.limits().maxConnections(), out);
    checkAtLeastOne(
        "limits.maxConnectionsPerClient", config.limits().maxConnectionsPerClient(), out);
    if (config.retries() < 0 || config.retries() > MAX_RETRIES) {
      out.add(new Violation("retries", config.retries() + " is out of range 0.." + MAX_RETRIES));
    }
    checkSessionPersistence(config.sessionPersistence(), out);
    checkSlowStart(config, out);
    checkOutlierDetection(config.outlierDetection(), out);
    if (config.retryBudget() != null) {
      if (config.retryBudget().percent() < 0) {
        out.add(
            new Violation(
                "retryBudget.percent", config.retryBudget().percent() + " must be at least 0"));
      }
      if (config.retryBudget().minPerSecond() < 0) {
        out.add(
            new Violation(
                "retryBudget.minPerSecond",
                config.retryBudget().minPerSecond() + " must be at least 0"));
      }
    }
    checkPort("metrics.port", config.metrics().port(), portOwners, out);
    if (!IpLiteral.isIpLiteral(config.metrics().address())) {
      out.add(
          new Violation(
              "metrics.address",
              "\""
                  + config.metrics().address()
                  + "\" is not an IP address (write 0.0.0.0, ::, 127.0.0.1 or another address of"
                  + " this host; names are not looked up)"));
    }
    return out;
  }

  /**
   * Validates {@code config} and returns it, or throws with every problem.
   *
   * @throws InvalidConfigException when the config breaks any rule
   */
  public static LoadBalancerConfig requireValid(LoadBalancerConfig config)
      throws InvalidConfigException {
    List<Violation> problems = validate(config);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  private static void checkFrontends(
      List<Frontend> frontends, Map<Integer, String> portOwners, List<Violation> out) {
    if (frontends.isEmpty()) {
      out.add(new Violation("frontends", "at least one frontend is required"));
    }
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < frontends.size(); i++) {
      String path = "frontends[" + i + "]";
      Frontend frontend = frontends.get(i);
      if (frontend == null) {
        out.add(new Violation(path, "empty entry: a frontend needs a port"));
        continue;
      }
      if (frontend.port() == null) {
        out.add(new Violation(path + ".port", "a port is required"));
      } else {
        checkPort(path + ".port", frontend.port(), portOwners, out);
      }
      checkAtLeastOne(path + ".maxConnections", frontend.maxConnections(), out);
      if (frontend.name() != null) {
        if (!frontend.name().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
          out.add(
              new Violation(
                  path + ".name",
                  "\"" + frontend.name() + "\" must be lower-case letters, digits and '-'"));
        } else if (frontend.name().length() > Frontend.MAX_NAME_LENGTH) {
          out.add(
              new Violation(
                  path + ".name",
                  "\""
                      + frontend.name()
                      + "\" is longer than "
                      + Frontend.MAX_NAME_LENGTH
                      + " characters"));
        } else {
          String owner = names.putIfAbsent(frontend.name(), path);
          if (owner != null) {
            out.add(
                new Violation(
                    path + ".name", "\"" + frontend.name() + "\" is already used by " + owner));
          }
        }
      }
    }
  }

  /**
   * Each certificate is given one way (files or a Secret, whichever the context then requires: the
   * proxy reads files, a resource names Secrets), and a redirect goes to a TLS frontend.
   */
  private static void checkTls(List<Frontend> frontends, List<Violation> out) {
    List<Integer> tlsPorts =
        frontends.stream()
            .filter(f -> f != null && f.tls() != null && f.port() != null)
            .map(Frontend::port)
            .toList();
    for (int i = 0; i < frontends.size(); i++) {
      Frontend frontend = frontends.get(i);
      if (frontend == null) {
        continue;
      }
      String path = "frontends[" + i + "]";
      FrontendTls tls = frontend.tls();
      if (tls != null) {
        checkCertificate(path + ".tls", tls.defaultCertificate(), out);
        for (int j = 0; j < tls.sni().size(); j++) {
          TlsCertificate entry = tls.sni().get(j);
          String entryPath = path + ".tls.sni[" + j + "]";
          if (entry == null) {
            out.add(
                new Violation(entryPath, "empty entry: give certificate and key, or secretName"));
          } else {
            checkCertificate(entryPath, entry, out);
          }
        }
      }
      Integer target = frontend.redirectToHttps();
      if (target == null) {
        continue;
      }
      if (tls != null) {
        out.add(
            new Violation(
                path + ".redirectToHttps",
                "this frontend terminates TLS itself; only a plain HTTP frontend redirects"));
      } else if (!tlsPorts.contains(target)) {
        out.add(
            new Violation(
                path + ".redirectToHttps",
                target
                    + " is not the port of a TLS frontend of this config"
                    + (tlsPorts.isEmpty()
                        ? " (there is none)"
                        : " (TLS frontends: " + tlsPorts + ")")));
      }
    }
  }

  private static void checkCertificate(String path, TlsCertificate given, List<Violation> out) {
    boolean files = given.certificate() != null || given.key() != null;
    boolean secret = given.secretName() != null;
    if (files && secret) {
      out.add(
          new Violation(
              path + ".secretName", "give either secretName or certificate and key, not both"));
    } else if (!files && !secret) {
      out.add(
          new Violation(
              path,
              "a certificate is required: certificate and key (files, in a config file) or"
                  + " secretName (a Secret, in a LoadBalancer resource)"));
    } else if (files) {
      if (blank(given.certificate())) {
        out.add(new Violation(path + ".certificate", "a PEM file is required with key"));
      }
      if (blank(given.key())) {
        out.add(new Violation(path + ".key", "a PEM file is required with certificate"));
      }
    } else if (!given.secretName().matches("[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
      out.add(
          new Violation(
              path + ".secretName",
              "\""
                  + given.secretName()
                  + "\" is not a Secret name (lower-case letters, digits, '-', '.')"));
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static void checkPort(
      String path, int port, Map<Integer, String> portOwners, List<Violation> out) {
    if (port < 1 || port > 65535) {
      out.add(new Violation(path, port + " is out of range 1..65535"));
      return;
    }
    String owner = portOwners.putIfAbsent(port, path);
    if (owner != null) {
      out.add(new Violation(path, port + " is already used by " + owner));
    }
  }

  private static void checkBackends(List<Backend> backends, List<Violation> out) {
    if (backends.isEmpty()) {
      out.add(new Violation("backends", "at least one backend is required"));
    }
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < backends.size(); i++) {
      String path = "backends[" + i + "]";
      Backend backend = backends.get(i);
      boolean hasUrl = backend != null && backend.url() != null && !backend.url().isBlank();
      boolean hasService = backend != null && backend.service() != null;
      if (!hasUrl && !hasService) {
        out.add(new Violation(path, "empty entry: a backend needs a url or a service"));
        continue;
      }
      if (hasUrl && hasService) {
        out.add(new Violation(path, "a backend is either a url or a service, not both"));
        continue;
      }
      boolean wellFormed;
      if (hasUrl) {
        String problem = urlProblem(backend.url());
        if (problem != null) {
          out.add(new Violation(path, problem));
        }
        wellFormed = problem == null;
      } else {
        wellFormed = checkService(path, backend, out);
      }
      if (wellFormed) {
        String owner = seen.putIfAbsent(backend.address(), path);
        if (owner != null) {
          out.add(
              new Violation(
                  path,
                  (hasUrl ? "\"" + backend.url() + "\"" : "service " + backend.service())
                      + " is the same backend as "
                      + owner
                      + " (to send it more traffic, give it a weight)"));
        }
      }
      if (backend.weight() < 1) {
        out.add(new Violation(path + ".weight", backend.weight() + " must be at least 1"));
      }
      if (backend.resolveInterval() != null) {
        if (backend.resolve() == null) {
          out.add(new Violation(path + ".resolveInterval", "needs resolve: all"));
        } else {
          checkPositive(path + ".resolveInterval", backend.resolveInterval(), out);
        }
      }
    }
  }

  /** Whether the service backend at {@code path} names a Service and a port well. */
  private static boolean checkService(String path, Backend backend, List<Violation> out) {
    int before = out.size();
    ServiceRef service = backend.service();
    if (backend.resolve() != null) {
      out.add(
          new Violation(
              path + ".resolve",
              "applies to a url backend; a service backend is always balanced per endpoint"));
    }
    if (service.name() == null || service.name().isBlank()) {
      out.add(new Violation(path + ".service.name", "a service backend needs the Service's name"));
    } else if (service.name().length() > 63 || !service.name().matches(ServiceRef.DNS_LABEL)) {
      out.add(
          new Violation(
              path + ".service.name",
              "\""
                  + service.name()
                  + "\" is not a Service name (lower-case letters, digits and '-', starting with"
                  + " a letter, at most 63)"));
    }
    PortRef port = service.port();
    if (port == null) {
      out.add(
          new Violation(
              path + ".service.port", "a service backend needs a port, by name (http) or number"));
    } else if (!port.isNamed() && (port.number() < 1 || port.number() > 65535)) {
      out.add(new Violation(path + ".service.port", port.number() + " is out of range 1..65535"));
    } else if (port.isNamed() && !validPortName(port.name())) {
      out.add(
          new Violation(
              path + ".service.port",
              "\""
                  + port.name()
                  + "\" is not a port name (at most 15 lower-case letters, digits and '-', with a"
                  + " letter) nor a number"));
    }
    return out.size() == before;
  }

  /** A port name as Kubernetes allows it (IANA_SVC_NAME). */
  private static boolean validPortName(String name) {
    return name.length() <= 15
        && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
        && !name.contains("--")
        && name.chars().anyMatch(Character::isLetter);
  }

  private static String urlProblem(String url) {
    String quoted = "\"" + url + "\"";
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return quoted + " is not a URL: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return quoted + " is not an http(s) URL";
    }
    if (uri.getHost() == null) {
      return quoted + " has no host";
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      return quoted + " has port " + uri.getPort() + ", out of range 1..65535";
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      return quoted + " has a path; a backend is a scheme, a host and a port";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      return quoted + " has a query, fragment or user; a backend is a scheme, a host and a port";
    }
    return null;
  }

  private static void checkHealthCheck(HealthCheck hc, List<Violation> out) {
    boolean intervalOk = checkPositive("healthcheck.interval", hc.interval(), out);
    boolean timeoutOk = checkPositive("healthcheck.timeout", hc.timeout(), out);
    if (intervalOk && timeoutOk && hc.timeout().compareTo(hc.interval()) >= 0) {
      out.add(
          new Violation(
              "healthcheck.timeout",
              GoDuration.format(hc.timeout())
                  + " must be shorter than healthcheck.interval ("
                  + GoDuration.format(hc.interval())
                  + ")"));
    }
    if (!hc.path().startsWith("/")) {
      out.add(new Violation("healthcheck.path", "\"" + hc.path() + "\" must start with /"));
    }
    if (hc.healthyThreshold() < 1) {
      out.add(
          new Violation(
              "healthcheck.healthyThreshold", hc.healthyThreshold() + " must be at least 1"));
    }
    if (hc.unhealthyThreshold() < 1) {
      out.add(
          new Violation(
              "healthcheck.unhealthyThreshold", hc.unhealthyThreshold() + " must be at least 1"));
    }
    if (hc.passiveThreshold() < 0) {
      out.add(
          new Violation(
              "healthcheck.passiveThreshold", hc.passiveThreshold() + " must be 0 (off) or more"));
    }
  }

  private static void checkTimeouts(Timeouts timeouts, List<Violation> out) {
    checkPositive("timeouts.connect", timeouts.connect(), out);
    checkPositive("timeouts.request", timeouts.request(), out);
    checkPositive("timeouts.idle", timeouts.idle(), out);
    checkPositive("timeouts.requestHead", timeouts.requestHead(), out);
    checkPositive("timeouts.requestBody", timeouts.requestBody(), out);
    checkPositive("timeouts.tunnel", timeouts.tunnel(), out);
  }

  /**
   * Each entry an HTTP token, the name of a protocol with an optional {@code /version} (RFC 9110
   * 7.8), and never {@code h2c}: HTTP/2 over the tunnel would carry every later request of the
   * connection past the proxy's balancing, to the one backend that answered the upgrade.
   */
  private static void checkUpgrades(List<String> upgrades, List<Violation> out) {
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < upgrades.size(); i++) {
      String path = "upgrades[" + i + "]";
      String protocol = upgrades.get(i);
      if (protocol == null || protocol.isBlank()) {
        out.add(new Violation(path, "empty entry: name a protocol, e.g. websocket"));
      } else if (!protocol.matches(UPGRADE_TOKEN)) {
        out.add(
            new Violation(
                path, "\"" + protocol + "\" is not a protocol name (a token, e.g. websocket)"));
      } else if (protocol.split("/")[0].equalsIgnoreCase("h2c")) {
        out.add(
            new Violation(
                path,
                "h2c cannot be passed: the connection's later requests would all go to one backend,"
                    + " past the balancing"));
      } else {
        String owner = seen.putIfAbsent(protocol.toLowerCase(Locale.ROOT), path);
        if (owner != null) {
          out.add(new Violation(path, "\"" + protocol + "\" is already listed at " + owner));
        }
      }
    }
  }

  private static void checkSessionPersistence(SessionPersistence session, List<Violation> out) {
    if (session == null) {
      return;
    }
    String path = "sessionPersistence";
    if (session.type() == null) {
      out.add(new Violation(path + ".type", "a type is required: cookie or header"));
      return;
    }
    if (session.name() == null) {
      out.add(new Violation(path + ".name", "a header name is required for type header"));
    } else if (!session.name().matches(SessionPersistence.TOKEN)) {
      out.add(
          new Violation(
              path + ".name",
              "\""
                  + session.name()
                  + "\" is not a valid name (letters, digits and !#$%&'*+-.^_`|~)"));
    }
    if (session.type() == SessionPersistence.Type.HEADER) {
      if (session.hasCookieAttributes()) {
        out.add(
            new Violation(
                path, "maxAge, path, secure, httpOnly and sameSite apply to type cookie only"));
      }
      return;
    }
    if (session.maxAge() != null) {
      checkPositive(path + ".maxAge", session.maxAge(), out);
    }
    if (session.path() != null && !session.path().matches("/[^;\\p{Cntrl}]*")) {
      out.add(
          new Violation(
              path + ".path",
              "\"" + session.path() + "\" must start with / and hold no ';' or control character"));
    }
    if (session.sameSite() == SessionPersistence.SameSite.NONE && !session.cookieSecure()) {
      out.add(
          new Violation(
              path + ".sameSite", "None needs secure: true (browsers drop the cookie otherwise)"));
    }
  }

  private static void checkSlowStart(LoadBalancerConfig config, List<Violation> out) {
    if (config.slowStart() == null || !checkPositive("slowStart", config.slowStart(), out)) {
      return;
    }
    switch (config.algorithm()) {
      case WEIGHTED_ROUND_ROBIN, LEAST_CONNECTIONS, LEAST_RESPONSE_TIME -> {}
      default ->
          out.add(
              new Violation(
                  "slowStart",
                  "needs algorithm weighted-round-robin, least-connections or"
                      + " least-response-time ("
                      + config.algorithm()
                      + " does not weigh backends)"));
    }
  }

  private static void checkOutlierDetection(OutlierDetection od, List<Violation> out) {
    if (od == null) {
      return;
    }
    String path = "outlierDetection.";
    if (od.consecutive5xx() < 0) {
      out.add(new Violation(path + "consecutive5xx", od.consecutive5xx() + " must be at least 0"));
    }
    if (od.failurePercent() != null && (od.failurePercent() < 1 || od.failurePercent() > 100)) {
      out.add(
          new Violation(path + "failurePercent", od.failurePercent() + " is out of range 1..100"));
    }
    checkAtLeastOne(path + "minimumRequests", od.minimumRequests(), out);
    checkPositive(path + "interval", od.interval(), out);
    boolean base = checkPositive(path + "baseEjectionTime", od.baseEjectionTime(), out);
    boolean max = checkPositive(path + "maxEjectionTime", od.maxEjectionTime(), out);
    if (base && max && od.maxEjectionTime().compareTo(od.baseEjectionTime()) < 0) {
      out.add(
          new Violation(
              path + "maxEjectionTime",
              GoDuration.format(od.maxEjectionTime())
                  + " must not be shorter than baseEjectionTime ("
                  + GoDuration.format(od.baseEjectionTime())
                  + ")"));
    }
    for (String field : List.of("maxEjectionPercent", "panicThreshold")) {
      int value = field.equals("panicThreshold") ? od.panicThreshold() : od.maxEjectionPercent();
      if (value < 0 || value > 100) {
        out.add(new Violation(path + field, value + " is out of range 0..100"));
      }
    }
  }

  /** An optional limit: absent, or at least 1. */
  private static void checkAtLeastOne(String path, Integer limit, List<Violation> out) {
    if (limit != null && limit < 1) {
      out.add(new Violation(path, limit + " must be at least 1 (leave it out for no limit)"));
    }
  }

  private static boolean checkPositive(String path, Duration duration, List<Violation> out) {
    if (duration.isNegative() || duration.isZero()) {
      out.add(new Violation(path, GoDuration.format(duration.abs()) + " must be longer than 0"));
      return false;
    }
    return true;
  }
}
