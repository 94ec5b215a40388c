package dev.roundhouse.proxy.cli;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.proxy.TransportKind;
import dev.roundhouse.proxy.config.ConfigRevisionHistory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The proxy's command line, read and checked by {@link #parse}. A flag that was not given is null
 * (or empty, for the repeatable ones), except those with a default.
 *
 * @param action what the command line asks for
 * @param config {@code --config}
 * @param configMap {@code --configmap}
 * @param namespace {@code --namespace}, only with {@code --configmap}
 * @param ports {@code --port}, in the order given
 * @param backends {@code --backend}, in the order given
 * @param algorithm {@code --algorithm}
 * @param adminPort {@code --admin-port}, from 1 to 65535
 * @param adminAddress {@code --admin-address}
 * @param validate {@code --validate}: the file to check, with {@link Action#VALIDATE}
 * @param shutdownDelay {@code --shutdown-delay}
 * @param drainTimeout {@code --drain-timeout}
 * @param adminTokenFile {@code --admin-token-file}
 * @param revisionHistory {@code --revision-history}, at least 1
 * @param workers {@code --workers}, at least 1
 * @param transport {@code --transport}
 */
public record ProxyFlags(
    Action action,
    Path config,
    String configMap,
    String namespace,
    List<Integer> ports,
    List<String> backends,
    Algorithm algorithm,
    Integer adminPort,
    String adminAddress,
    Path validate,
    Duration shutdownDelay,
    Duration drainTimeout,
    Path adminTokenFile,
    int revisionHistory,
    Integer workers,
    TransportKind transport) {

  /** {@code --shutdown-delay} when not given. */
  public static final Duration DEFAULT_SHUTDOWN_DELAY = Duration.ZERO;

  /** {@code --drain-timeout} when not given. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** What a command line asks the proxy to do. */
  public enum Action {
    /** Proxy traffic. */
    RUN,
    /** Check {@link #validate()} and exit. */
    VALIDATE,
    /** Print the help and exit. */
    HELP,
    /** Print the version and exit. */
    VERSION
  }

  /** Copies the lists: a record of flags does not change. */
  public ProxyFlags {
    ports = List.copyOf(ports);
    backends = List.copyOf(backends);
  }

  /**
   * Reads a command line: {@code --flag value} or {@code --flag=value}; a {@linkplain
   * Flag#repeatable repeatable} flag may be given again, each time adding a value, the others once.
   * {@code --help} or {@code --version} anywhere wins over the rest.
   *
   * @throws UsageException naming the flag and the problem: an unknown flag, a missing or
   *     unreadable value, a flag given twice, or flags that exclude each other
   */
  public static ProxyFlags parse(String... args) throws UsageException {
    for (String arg : args) {
      if (Flag.HELP.named(arg)) {
        return new Reading().toFlags(Action.HELP);
      }
      if (Flag.VERSION.named(arg)) {
        return new Reading().toFlags(Action.VERSION);
      }
    }
    Reading reading = new Reading();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
      String name = equals < 0 ? arg : arg.substring(0, equals);
      Flag flag =
          Flag.find(name)
              .orElseThrow(
                  () ->
                      new UsageException(
                          arg.startsWith("-")
                              ? "unknown flag " + name
                              : "unexpected argument '" + arg + "': every value follows its flag"));
      if (!flag.takesValue()) { // --help and --version were looked for above: this is --help=x
        throw new UsageException(flag.longName() + " takes no value");
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && Flag.find(args[i + 1]).isEmpty()) {
        value = args[++i];
      } else {
        throw new UsageException(flag.longName() + " needs a value (" + flag.label() + ")");
      }
      reading.read(flag, value);
    }
    return reading.check().toFlags(reading.validate == null ? Action.RUN : Action.VALIDATE);
  }

  /** The flags as they are being read: each value once, checked as it comes. */
  private static final class Reading {
    private final Set<Flag> given = EnumSet.noneOf(Flag.class);
    private final List<Integer> ports = new ArrayList<>();
    private final List<String> backends = new ArrayList<>();
    private Path config;
    private String configMap;
    private String namespace;
    private Algorithm algorithm;
    private Integer adminPort;
    private String adminAddress;
    private Path validate;
    private Duration shutdownDelay = DEFAULT_SHUTDOWN_DELAY;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private Path adminTokenFile;
    private int revisionHistory = ConfigRevisionHistory.DEFAULT_LIMIT;
    private Integer workers;
    private TransportKind transport = TransportKind.AUTO;

    void read(Flag flag, String value) throws UsageException {
      if (!given.add(flag) && !flag.repeatable()) {
        throw new UsageException(flag.longName() + " is given twice: give it once");
      }
      switch (flag) {
        case CONFIG -> config = path(flag, value);
        case CONFIG_MAP -> configMap = value;
        case NAMESPACE -> namespace = value;
        case PORT -> ports.add(integer(flag, value));
        case BACKEND -> backends.add(value);
        case ALGORITHM -> algorithm = algorithm(value);
        case ADMIN_PORT -> adminPort = port(flag, value);
        case ADMIN_ADDRESS -> adminAddress = value;
        case VALIDATE -> validate = path(flag, value);
        case SHUTDOWN_DELAY -> shutdownDelay = duration(flag, value);
        case DRAIN_TIMEOUT -> drainTimeout = duration(flag, value);
        case ADMIN_TOKEN_FILE -> adminTokenFile = path(flag, value);
        case REVISION_HISTORY -> revisionHistory = atLeastOne(flag, value);
        case WORKERS -> workers = atLeastOne(flag, value);
        case TRANSPORT -> transport = transport(value);
        case HELP, VERSION -> throw new IllegalStateException(flag + " has no value");
      }
    }

    /** The rules between flags. */
    Reading check() throws UsageException {
      if (config != null && configMap != null) {
        throw new UsageException("--config and --configmap exclude each other: give one source");
      }
      if (namespace != null && configMap == null) {
        throw new UsageException("--namespace needs --configmap");
      }
      return this;
    }

    ProxyFlags toFlags(Action action) {
      return new ProxyFlags(
          action,
          config,
          configMap,
          namespace,
          ports,
          backends,
          algorithm,
          adminPort,
          adminAddress,
          validate,
          shutdownDelay,
          drainTimeout,
          adminTokenFile,
          revisionHistory,
          workers,
          transport);
    }

    private static int integer(Flag flag, String value) throws UsageException {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new UsageException(flag.longName() + ": '" + value + "' is not a whole number");
      }
    }

    private static int port(Flag flag, String value) throws UsageException {
      int port = integer(flag, value);
      if (port < 1 || port > 65535) {
        throw new UsageException(flag.longName() + " must be a port from 1 to 65535, not " + port);
      }
      return port;
    }

    private static int atLeastOne(Flag flag, String value) throws UsageException {
      int n = integer(flag, value);
      if (n < 1) {
        throw new UsageException(flag.longName() + " must be at least 1, not " + n);
      }
      return n;
    }

    private static Duration duration(Flag flag, String value) throws UsageException {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new UsageException(flag.longName() + ": " + e.getMessage());
      }
    }

    private static Path path(Flag flag, String value) throws UsageException {
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new UsageException(
            flag.longName() + ": '" + value + "' is not a path: " + e.getReason());
      }
    }

    private static TransportKind transport(String value) throws UsageException {
      return TransportKind.named(value)
          .orElseThrow(
              () ->
                  new UsageException(
                      "--transport: '"
                          + value
                          + "' is not a transport; use one of "
                          + TransportKind.choices()));
    }

    private static Algorithm algorithm(String value) throws UsageException {
      for (Algorithm algorithm : Algorithm.values()) {
        if (algorithm.configName().equals(value)) {
          return algorithm;
        }
      }
      throw new UsageException(
          "--algorithm: '"
              + value
              + "' is not an algorithm; use one of "
              + Arrays.stream(Algorithm.values())
                  .map(Algorithm::configName)
                  .collect(Collectors.joining(", ")));
    }
  }
}
