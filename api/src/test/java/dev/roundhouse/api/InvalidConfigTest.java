package dev.roundhouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid config is rejected with exactly one problem: the expected path and message. */
class InvalidConfigTest {

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        invalid(
            "unknown top-level field",
            "frontends: [{port: 8080}]\nbackends: [\"http://a:1\"]\nbackend: [\"http://b:2\"]\n",
            "backend",
            "unknown field (known fields: algorithm, backends, frontends, healthcheck, limits,"
                + " logging, metrics, outlierDetection, retries, retryBudget, sessionPersistence, slowStart,"
                + " timeouts, upgrades)"),
        invalid(
            "unknown nested field",
            base().replace("path: /health", "paht: /health"),
            "healthcheck.paht",
            "unknown field (known fields: enabled, healthyThreshold, interval, passiveThreshold,"
                + " path, timeout, unhealthyThreshold)"),
        invalid(
            "unknown field in a list entry",
            base().replace("- port: 8081", "- port: 8081\n    host: 0.0.0.0"),
            "frontends[1].host",
            "unknown field (known fields: maxConnections, name, port, redirectToHttps, tls)"),
        invalid(
            "unknown top-level field holding nested mappings",
            base() + "zzz: {zzz: {zzz: 1}}\n",
            "zzz",
            "unknown field (known fields: algorithm, backends, frontends, healthcheck, limits,"
                + " logging, metrics, outlierDetection, retries, retryBudget, sessionPersistence, slowStart,"
                + " timeouts, upgrades)"),
        invalid(
            "unknown field holding a mapping, followed by another block",
            base().replace("  port: 9090", "  port: 9090\n  extra:\n    a: 1\n    b: {c: 2}")
                + "timeouts:\n  connect: 1s\n",
            "metrics.extra",
            "unknown field (known fields: address, enabled, port)"),
        invalid(
            "unknown field holding a list of mappings",
            base().replace("- port: 8081", "- port: 8081\n    zzz: [{zzz: {zzz: 1}}]"),
            "frontends[1].zzz",
            "unknown field (known fields: maxConnections, name, port, redirectToHttps, tls)"),
        invalid(
            "unknown field in a list entry holding nested mappings",
            base().replace("- port: 8081", "- port: 8081\n    zzz: {zzz: {zzz: 1}}"),
            "frontends[1].zzz",
            "unknown field (known fields: maxConnections, name, port, redirectToHttps, tls)"),
        invalid(
            "unknown field before the known ones",
            "zzz: {zzz: [1, {zzz: 2}]}\n" + base(),
            "zzz",
            "unknown field (known fields: algorithm, backends, frontends, healthcheck, limits,"
                + " logging, metrics, outlierDetection, retries, retryBudget, sessionPersistence, slowStart,"
                + " timeouts, upgrades)"),
        invalid(
            "unknown TLS version",
            base()
                .replace(
                    "- port: 8081", "- port: 8081\n    tls: " + TLS + ", minVersion: TLSv1.1}"),
            "frontends[1].tls.minVersion",
            "\"TLSv1.1\" is not one of TLSv1.2, TLSv1.3"),
        invalid(
            "certificate without its key",
            base().replace("- port: 8081", "- port: 8081\n    tls: {certificate: /c.pem}"),
            "frontends[1].tls.key",
            "a PEM file is required with certificate"),
        invalid(
            "TLS without a certificate",
            base().replace("- port: 8081", "- port: 8081\n    tls: {minVersion: TLSv1.3}"),
            "frontends[1].tls",
            "a certificate is required: certificate and key (files, in a config file) or"
                + " secretName (a Secret, in a LoadBalancer resource)"),
        invalid(
            "files and a Secret for one certificate",
            base().replace("- port: 8081", "- port: 8081\n    tls: " + TLS + ", secretName: web}"),
            "frontends[1].tls.secretName",
            "give either secretName or certificate and key, not both"),
        invalid(
            "empty SNI entry",
            base().replace("- port: 8081", "- port: 8081\n    tls: " + TLS + ", sni: [null]}"),
            "frontends[1].tls.sni[0]",
            "empty entry: give certificate and key, or secretName"),
        invalid(
            "SNI entry without its certificate",
            base().replace("- port: 8081", "- port: 8081\n    tls: " + TLS + ", sni: [{key: /k}]}"),
            "frontends[1].tls.sni[0].certificate",
            "a PEM file is required with key"),
        invalid(
            "redirect to a plain HTTP frontend",
            base().replace("- port: 8080", "- port: 8080\n    redirectToHttps: 8081"),
            "frontends[0].redirectToHttps",
            "8081 is not the port of a TLS frontend of this config (there is none)"),
        invalid(
            "redirect to a port that is no frontend",
            base()
                .replace("- port: 8080", "- port: 8080\n    redirectToHttps: 8443")
                .replace("- port: 8081", "- port: 8081\n    tls: " + TLS + "}"),
            "frontends[0].redirectToHttps",
            "8443 is not the port of a TLS frontend of this config (TLS frontends: [8081])"),
        invalid(
            "a TLS frontend that redirects",
            base()
                .replace(
                    "- port: 8081",
                    "- port: 8081\n    redirectToHttps: 8081\n    tls: " + TLS + "}"),
            "frontends[1].redirectToHttps",
            "this frontend terminates TLS itself; only a plain HTTP frontend redirects"),
        invalid(
            "admin address that is a name",
            base().replace("port: 9090", "port: 9090\n  address: localhost"),
            "metrics.address",
            "\"localhost\" is not an IP address (write 0.0.0.0, ::, 127.0.0.1 or another address of"
                + " this host; names are not looked up)"),
        invalid(
            "admin address out of range",
            base().replace("port: 9090", "port: 9090\n  address: 127.0.0.256"),
            "metrics.address",
            "\"127.0.0.256\" is not an IP address (write 0.0.0.0, ::, 127.0.0.1 or another address of"
                + " this host; names are not looked up)"),
        invalid(
            "session header without a name",
            base() + "sessionPersistence: {type: header}\n",
            "sessionPersistence.name",
            "a header name is required for type header"),
        invalid(
            "session cookie name that is not a token",
            base() + "sessionPersistence: {type: cookie, name: \"a b\"}\n",
            "sessionPersistence.name",
            "\"a b\" is not a valid name (letters, digits and !#$%&'*+-.^_`|~)"),
        invalid(
            "session header with cookie attributes",
            base() + "sessionPersistence: {type: header, name: X-User, maxAge: 1h}\n",
            "sessionPersistence",
            "maxAge, path, secure, httpOnly and sameSite apply to type cookie only"),
        invalid(
            "session cookie SameSite=None without Secure",
            base() + "sessionPersistence: {type: cookie, sameSite: None}\n",
            "sessionPersistence.sameSite",
            "None needs secure: true (browsers drop the cookie otherwise)"),
        invalid(
            "session cookie path without a slash",
            base() + "sessionPersistence: {type: cookie, path: app}\n",
            "sessionPersistence.path",
            "\"app\" must start with / and hold no ';' or control character"),
        invalid(
            "session cookie max age of zero",
            base() + "sessionPersistence: {type: cookie, maxAge: 0s}\n",
            "sessionPersistence.maxAge",
            "0s must be longer than 0"),
        invalid(
            "slow start with an algorithm that does not weigh backends",
            base() + "slowStart: 30s\n",
            "slowStart",
            "needs algorithm weighted-round-robin, least-connections or least-response-time"
                + " (round-robin does not weigh backends)"),
        invalid(
            "slow start of zero",
            base() + "algorithm: least-connections\nslowStart: 0s\n",
            "slowStart",
            "0s must be longer than 0"),
        invalid(
            "outlier ejections capped below their first length",
            base() + "outlierDetection: {baseEjectionTime: 1m, maxEjectionTime: 30s}\n",
            "outlierDetection.maxEjectionTime",
            "30s must not be shorter than baseEjectionTime (1m)"),
        invalid(
            "outlier ejection percentage over 100",
            base() + "outlierDetection: {maxEjectionPercent: 150}\n",
            "outlierDetection.maxEjectionPercent",
            "150 is out of range 0..100"),
        invalid(
            "outlier failure percentage of 0",
            base() + "outlierDetection: {failurePercent: 0}\n",
            "outlierDetection.failurePercent",
            "0 is out of range 1..100"),
        invalid(
            "negative retry budget",
            base() + "retryBudget: {percent: -5}\n",
            "retryBudget.percent",
            "-5 must be at least 0"),
        invalid(
            "duration without a unit",
            base().replace("interval: 10s", "interval: 10"),
            "healthcheck.interval",
            "10 is not a duration: add a unit, e.g. 10s"),
        invalid(
            "duration in words",
            base().replace("interval: 10s", "interval: ten seconds"),
            "healthcheck.interval",
            "\"ten seconds\" is not a duration (write a number and a unit, e.g. 500ms, 10s, 1m30s)"),
        invalid(
            "frontend name longer than a DNS label",
            base().replace("- port: 8081", "- port: 8081\n    name: " + "a".repeat(64)),
            "frontends[1].name",
            "\"" + "a".repeat(64) + "\" is longer than 63 characters"),
        invalid(
            "duration too long to hold",
            base().replace("interval: 10s", "interval: 5200000h"),
            "healthcheck.interval",
            "\"5200000h\" is too long: a duration is at most 2562047h47m16.854775807s (as in Go)"),
        invalid(
            "port 0",
            base().replace("port: 8081", "port: 0"),
            "frontends[1].port",
            "0 is out of range 1..65535"),
        invalid(
            "port 70000",
            base().replace("port: 8081", "port: 70000"),
            "frontends[1].port",
            "70000 is out of range 1..65535"),
        invalid(
            "port that is not a number",
            base().replace("port: 8081", "port: http"),
            "frontends[1].port",
            "\"http\" is not a whole number"),
        invalid(
            "duplicate frontend ports",
            base().replace("port: 8081", "port: 8080"),
            "frontends[1].port",
            "8080 is already used by frontends[0].port"),
        invalid(
            "frontend port equal to the metrics port",
            base().replace("port: 8081", "port: 9090"),
            "metrics.port",
            "9090 is already used by frontends[1].port"),
        invalid(
            "metrics port out of range",
            base().replace("port: 9090", "port: 65536"),
            "metrics.port",
            "65536 is out of range 1..65535"),
        invalid(
            "no frontends",
            base().replace("frontends:\n  - port: 8080\n  - port: 8081\n", "frontends: []\n"),
            "frontends",
            "at least one frontend is required"),
        invalid(
            "no backends",
            base()
                .replace(
                    "backends:\n  - \"http://b1:9001\"\n  - \"http://b2:9002\"\n",
                    "backends: []\n"),
            "backends",
            "at least one backend is required"),
        invalid(
            "ftp backend",
            base().replace("http://b2:9002", "ftp://b2:21"),
            "backends[1]",
            "\"ftp://b2:21\" is not an http(s) URL"),
        invalid(
            "backend URL without a scheme",
            base().replace("http://b2:9002", "b2:9002"),
            "backends[1]",
            "\"b2:9002\" is not an http(s) URL"),
        invalid(
            "backend URL without a host",
            base().replace("http://b2:9002", "http:///x"),
            "backends[1]",
            "\"http:///x\" has no host"),
        invalid(
            "backend URL with a port out of range",
            base().replace("http://b2:9002", "http://b2:99999"),
            "backends[1]",
            "\"http://b2:99999\" has port 99999, out of range 1..65535"),
        invalid(
            "backend URL with a path",
            base().replace("http://b2:9002", "http://b2:9002/api"),
            "backends[1]",
            "\"http://b2:9002/api\" has a path; a backend is a scheme, a host and a port"),
        invalid(
            "the same backend twice",
            base().replace("http://b2:9002", "http://B1:9001"),
            "backends[1]",
            "\"http://B1:9001\" is the same backend as backends[0] (to send it more traffic, give it"
                + " a weight)"),
        invalid(
            "weight 0",
            base().replace("- \"http://b2:9002\"", "- {url: \"http://b2:9002\", weight: 0}"),
            "backends[1].weight",
            "0 must be at least 1"),
        invalid(
            "empty backend entry",
            base().replace("- \"http://b2:9002\"", "-"),
            "backends[1]",
            "empty entry: a backend needs a url or a service"),
        invalid(
            "a backend with a url and a service",
            base()
                .replace(
                    "- \"http://b2:9002\"",
                    "- {url: \"http://b2:9002\", service: {name: web, port: http}}"),
            "backends[1]",
            "a backend is either a url or a service, not both"),
        invalid(
            "a service backend with resolve",
            base()
                .replace(
                    "- \"http://b2:9002\"", "- {service: {name: web, port: http}, resolve: all}"),
            "backends[1].resolve",
            "applies to a url backend; a service backend is always balanced per endpoint"),
        invalid(
            "a service port out of range",
            base().replace("- \"http://b2:9002\"", "- {service: {name: web, port: 70000}}"),
            "backends[1].service.port",
            "70000 is out of range 1..65535"),
        invalid(
            "a service port name that is no port name",
            base().replace("- \"http://b2:9002\"", "- {service: {name: web, port: Http_1}}"),
            "backends[1].service.port",
            "\"Http_1\" is not a port name (at most 15 lower-case letters, digits and '-', with a"
                + " letter) nor a number"),
        invalid(
            "a service backend without a port",
            base().replace("- \"http://b2:9002\"", "- {service: {name: web}}"),
            "backends[1].service.port",
            "a service backend needs a port, by name (http) or number"),
        invalid(
            "a service name that is no Service name",
            base().replace("- \"http://b2:9002\"", "- {service: {name: Web.shop, port: 80}}"),
            "backends[1].service.name",
            "\"Web.shop\" is not a Service name (lower-case letters, digits and '-', starting with"
                + " a letter, at most 63)"),
        invalid(
            "the same service twice",
            base()
                .replace("- \"http://b1:9001\"", "- {service: {name: web, port: http}}")
                .replace("- \"http://b2:9002\"", "- {service: {name: web, port: http}}"),
            "backends[1]",
            "service web:http is the same backend as backends[0] (to send it more traffic, give it"
                + " a weight)"),
        invalid(
            "resolveInterval without resolve",
            base()
                .replace(
                    "- \"http://b2:9002\"", "- {url: \"http://b2:9002\", resolveInterval: 1s}"),
            "backends[1].resolveInterval",
            "needs resolve: all"),
        invalid(
            "resolveInterval of zero",
            base()
                .replace(
                    "- \"http://b2:9002\"",
                    "- {url: \"http://b2:9002\", resolve: all, resolveInterval: 0s}"),
            "backends[1].resolveInterval",
            "0s must be longer than 0"),
        invalid(
            "health-check timeout equal to the interval",
            base().replace("timeout: 2s", "timeout: 10s"),
            "healthcheck.timeout",
            "10s must be shorter than healthcheck.interval (10s)"),
        invalid(
            "health-check timeout longer than the interval",
            base().replace("timeout: 2s", "timeout: 15s"),
            "healthcheck.timeout",
            "15s must be shorter than healthcheck.interval (10s)"),
        invalid(
            "health-check path without a slash",
            base().replace("path: /health", "path: health"),
            "healthcheck.path",
            "\"health\" must start with /"),
        invalid(
            "unhealthy threshold 0",
            base().replace("path: /health", "path: /health\n  unhealthyThreshold: 0"),
            "healthcheck.unhealthyThreshold",
            "0 must be at least 1"),
        invalid(
            "unknown algorithm",
            base() + "algorithm: fastest\n",
            "algorithm",
            "\"fastest\" is not one of round-robin, weighted-round-robin, least-connections,"
                + " least-response-time, ip-hash, random"),
        invalid(
            "unknown log level",
            base().replace("level: info", "level: verbose"),
            "logging.level",
            "\"verbose\" is not one of trace, debug, info, warn, error"),
        invalid(
            "unknown log format",
            base().replace("format: json", "format: xml"),
            "logging.format",
            "\"xml\" is not one of json, text"),
        invalid(
            "zero connect timeout",
            base() + "timeouts:\n  connect: 0s\n",
            "timeouts.connect",
            "0s must be longer than 0"),
        invalid(
            "zero request head timeout",
            base() + "timeouts:\n  requestHead: 0s\n",
            "timeouts.requestHead",
            "0s must be longer than 0"),
        invalid(
            "zero request body timeout",
            base() + "timeouts:\n  requestBody: 0s\n",
            "timeouts.requestBody",
            "0s must be longer than 0"),
        invalid(
            "zero tunnel timeout",
            base() + "timeouts:\n  tunnel: 0s\n",
            "timeouts.tunnel",
            "0s must be longer than 0"),
        invalid(
            "h2c as an upgrade",
            base() + "upgrades: [websocket, H2C]\n",
            "upgrades[1]",
            "h2c cannot be passed: the connection's later requests would all go to one backend,"
                + " past the balancing"),
        invalid(
            "an upgrade that is not a token",
            base() + "upgrades: [\"web socket\"]\n",
            "upgrades[0]",
            "\"web socket\" is not a protocol name (a token, e.g. websocket)"),
        invalid(
            "an upgrade listed twice",
            base() + "upgrades: [websocket, WebSocket]\n",
            "upgrades[1]",
            "\"WebSocket\" is already listed at upgrades[0]"),
        invalid(
            "zero global connection limit",
            base() + "limits:\n  maxConnections: 0\n",
            "limits.maxConnections",
            "0 must be at least 1 (leave it out for no limit)"),
        invalid(
            "negative per-client connection limit",
            base() + "limits:\n  maxConnectionsPerClient: -3\n",
            "limits.maxConnectionsPerClient",
            "-3 must be at least 1 (leave it out for no limit)"),
        invalid(
            "zero frontend connection limit",
            base().replace("- port: 8081", "- port: 8081\n    maxConnections: 0"),
            "frontends[1].maxConnections",
            "0 must be at least 1 (leave it out for no limit)"),
        invalid(
            "negative retries", base() + "retries: -1\n", "retries", "-1 is out of range 0..10"),
        invalid(
            "a list where a mapping belongs",
            base().replace("metrics:\n  enabled: true\n  port: 9090\n", "metrics: [9090]\n"),
            "metrics",
            "expected a mapping, found a list"),
        invalid(
            "a string where a list belongs",
            base().replace("frontends:\n  - port: 8080\n  - port: 8081\n", "frontends: 8080\n"),
            "frontends",
            "expected a list, found 8080"),
        invalid(
            "a boolean that is not one",
            base().replace("enabled: true", "enabled: maybe"),
            "metrics.enabled",
            "\"maybe\" is not true or false"),
        invalid(
            "duplicate key",
            base() + "retries: 1\nretries: 2\n",
            "",
            "malformed YAML at line 18, column 8: Duplicate field 'retries'"),
        invalid(
            "malformed YAML",
            "frontends:\n  - port: 8080\nbackends: [\"http://a:1\"\n",
            "",
            "malformed YAML at line 4, column 1: expected ',' or ']', but got <stream end>"),
        invalid(
            "a tab where YAML wants spaces",
            "frontends:\n\t- port: 8080\n",
            "",
            "malformed YAML at line 2, column 1: found character '\\t(TAB)' that cannot start any"
                + " token. (Do not use \\t(TAB) for indentation)"),
        invalid(
            "empty document",
            "\n# nothing here\n",
            "",
            "the config is empty: it needs at least frontends and backends"),
        invalid(
            "a list document",
            "- port: 8080\n",
            "",
            "the config must be a mapping of fields (frontends, backends, ...), not a list"),
        invalid(
            "a scalar document",
            "hello\n",
            "",
            "the config must be a mapping of fields (frontends, backends, ...), not a single"
                + " value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void isRejectedWithPathAndMessage(String name, String yaml, Violation expected) {
    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> ConfigCodec.read(yaml));

    assertThat(e).as("config was accepted:\n%s", yaml).isNotNull();
    assertThat(e.violations()).containsExactly(expected);
  }

  @Test
  void baseConfigOfTheTableIsValid() throws Exception {
    assertThat(ConfigCodec.read(base()).backends()).hasSize(2);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String yaml =
        base()
                .replace("port: 8081", "port: 0")
                .replace("http://b2:9002", "ftp://b2")
                .replace("timeout: 2s", "timeout: 20s")
                .replace("level: info", "level: loud")
            + "colour: blue\n";

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> ConfigCodec.read(yaml));

    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "colour", "logging.level", "frontends[1].port", "backends[1]", "healthcheck.timeout");
    assertThat(e.getMessage())
        .startsWith("5 problems in config:\n")
        .contains("  healthcheck.timeout: 20s must be shorter than healthcheck.interval (10s)");
  }

  @Test
  void anUnreadableValueIsNotJudgedAgainAsItsDefault() {
    // The bad interval falls back to its default (10s) while binding; the 15s timeout must not be
    // reported against that default, only the interval itself.
    String yaml =
        base().replace("interval: 10s", "interval: soon").replace("timeout: 2s", "timeout: 1s");

    InvalidConfigException e =
        catchThrowableOfType(InvalidConfigException.class, () -> ConfigCodec.read(yaml));

    assertThat(e.violations()).extracting(Violation::path).containsExactly("healthcheck.interval");
  }

  /** The start of a valid tls mapping, left open for more fields. */
  private static final String TLS = "{certificate: /tls/tls.crt, key: /tls/tls.key";

  private static String base() {
    return """
        frontends:
          - port: 8080
          - port: 8081
        backends:
          - "http://b1:9001"
          - "http://b2:9002"
        healthcheck:
          interval: 10s
          timeout: 2s
          path: /health
        logging:
          level: info
          format: json
        metrics:
          enabled: true
          port: 9090
        """;
  }

  private static Arguments invalid(String name, String yaml, String path, String message) {
    return Arguments.of(name, yaml, new Violation(path, message));
  }
}
