package dev.roundhouse.proxy.cli;

import dev.roundhouse.api.GoDuration;
import dev.roundhouse.proxy.config.ConfigRevisionHistory;
import dev.roundhouse.proxy.config.admin.AdminToken;
import java.util.Optional;

/**
 * The proxy's flags: each one's name, the label of its value and its help text, written once for
 * {@link ProxyFlags#parse} and {@link HelpText}.
 */
enum Flag {
  CONFIG("--config", "FILE", "The config file (YAML), watched for changes and re-read on SIGHUP."),
  CONFIG_MAP(
      "--configmap",
      "NAME",
      "Read the config from the key config.yaml of this ConfigMap and watch it through the"
          + " Kubernetes API (in-cluster, KUBECONFIG or KUBERNETES_MASTER)."),
  NAMESPACE(
      "--namespace",
      "NS",
      "The namespace of --configmap. Default: env POD_NAMESPACE, else the client's namespace."),
  PORT(
      "--port",
      "N",
      Times.REPEATABLE,
      "A port to listen on. Replaces the config's frontends. Default 8080 without a config."),
  BACKEND(
      "--backend",
      "URL",
      Times.REPEATABLE,
      "A backend, e.g. http://127.0.0.1:9001. Replaces the config's backends."),
  ALGORITHM(
      "--algorithm",
      "NAME",
      "round-robin (default), weighted-round-robin, least-connections, least-response-time,"
          + " ip-hash or random. Replaces the config's algorithm."),
  ADMIN_PORT(
      "--admin-port",
      "N",
      "Port of the admin server (/healthz, /readyz, /metrics, /status), kept on every reload: the"
          + " config's metrics.port is then ignored (and logged). Kubernetes probes need a port no"
          + " reload can move."),
  ADMIN_ADDRESS(
      "--admin-address",
      "IP",
      "Address of the admin server, kept on every reload: the config's metrics.address is then"
          + " ignored (and logged)."),
  VALIDATE(
      "--validate",
      "FILE",
      "Check a config file, print every problem, and exit: 0 if valid, 1 if not."),
  SHUTDOWN_DELAY(
      "--shutdown-delay",
      "DUR",
      "Time between SIGTERM (/readyz turns 503) and closing the listeners, for a load balancer in"
          + " front to stop sending. Default "
          + GoDuration.format(ProxyFlags.DEFAULT_SHUTDOWN_DELAY)
          + "."),
  DRAIN_TIMEOUT(
      "--drain-timeout",
      "DUR",
      "Longest wait for requests in flight to finish at shutdown. Default "
          + GoDuration.format(ProxyFlags.DEFAULT_DRAIN_TIMEOUT)
          + "."),
  ADMIN_TOKEN_FILE(
      "--admin-token-file",
      "FILE",
      "A file holding the token that POST /admin/reload and /admin/rollback require (as"
          + " Authorization: Bearer). Or set env "
          + AdminToken.ENV
          + ". Without either, those endpoints are off."),
  REVISION_HISTORY(
      "--revision-history",
      "N",
      "Accepted configs kept for a local rollback (POST /admin/rollback). Default "
          + ConfigRevisionHistory.DEFAULT_LIMIT
          + "."),
  WORKERS("--workers", "N", "Event loop threads. Default: one per CPU."),
  TRANSPORT(
      "--transport",
      "KIND",
      "Event loops and sockets: io_uring, epoll or nio; the proxy does not start if the one named"
          + " cannot run here. Default: auto, epoll where it runs, else nio."),
  HELP('h', "--help", "Show this help and exit."),
  VERSION('V', "--version", "Print the version and exit.");

  private static final Flag[] ALL = values();

  private final String name;
  private final String shortName;
  private final String label;
  private final Times times;
  private final String help;

  /** How often a flag may be given. */
  private enum Times {
    ONCE,
    REPEATABLE
  }

  /** A flag with a value, named {@code label} in the help, given at most once. */
  Flag(String name, String label, String help) {
    this(name, label, Times.ONCE, help);
  }

  /** A flag with a value, named {@code label} in the help, given at most once or repeatable. */
  Flag(String name, String label, Times times, String help) {
    this.name = name;
    this.shortName = null;
    this.label = label;
    this.times = times;
    this.help = help;
  }

  /** A switch, with a one-letter name too ({@code -h}). */
  Flag(char shortName, String name, String help) {
    this.name = name;
    this.shortName = "-" + shortName;
    this.label = null;
    this.times = Times.ONCE;
    this.help = help;
  }

  /** The long name, e.g. {@code --config}. */
  String longName() {
    return name;
  }

  /** Whether {@code arg} names this flag. */
  boolean named(String arg) {
    return name.equals(arg) || arg.equals(shortName);
  }

  /** Whether the flag takes a value. */
  boolean takesValue() {
    return label != null;
  }

  /** What the help calls the value, e.g. {@code FILE}. */
  String label() {
    return label;
  }

  /** Whether the flag may be given more than once, each time adding a value. */
  boolean repeatable() {
    return times == Times.REPEATABLE;
  }

  /** The help text, one paragraph; it says so when the flag is repeatable. */
  String help() {
    return repeatable() ? help + " Repeatable." : help;
  }

  /** How the help lists the flag: {@code --config=FILE} or {@code -h, --help}. */
  String synopsis() {
    return takesValue() ? name + "=" + label : shortName + ", " + name;
  }

  /** The flag {@code arg} names (a long name, or a switch's short one), if any. */
  static Optional<Flag> find(String arg) {
    for (Flag flag : ALL) {
      if (flag.named(arg)) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }
}
