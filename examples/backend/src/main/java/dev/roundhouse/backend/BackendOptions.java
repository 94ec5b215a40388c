package dev.roundhouse.backend;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The backend's command line, parsed once at start.
 *
 * <p>Flags follow Go's {@code flag} package, as in the seed's compose file: {@code -port=9001},
 * {@code -port 9001}, {@code --port=9001} and {@code --port 9001} are the same. A boolean flag
 * alone ({@code -quiet}) means true; {@code -quiet=false} turns it off again.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param id the name this backend reports in its responses and its {@code X-Backend-Id} header
 * @param quiet true to write no per-request log lines
 * @param threads how many event loops serve connections
 * @param help true when the user asked for the usage text
 */
public record BackendOptions(
    String host, int port, String id, boolean quiet, int threads, boolean help) {

  /** What {@code -help} prints. */
  public static final String USAGE =
      """
      Usage: java -jar roundhouse-example-backend.jar [-port=9001] [-id=1] [flags]

        -port N      port to listen on (default 9001; 0 picks a free port)
        -id NAME     name reported in the body and the X-Backend-Id header (default: the port)
        -host ADDR   address to listen on (default 0.0.0.0)
        -quiet       do not log each request (for benchmarks)
        -threads N   event loops (default: the number of CPUs)
        -h, -help    print this help

      Flags may be written -flag=value, -flag value, --flag=value or --flag value.
      Endpoints and query switches: see docs/backend.md.
      """;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Checks the values; the parser has already turned text into them. */
  public BackendOptions {
    requireNonNull(host, "host");
    requireNonNull(id, "id");
    if (port < 0 || port > 65535) {
      throw new UsageException("-port must be between 0 and 65535, got " + port);
    }
    if (!ID.matcher(id).matches()) {
      throw new UsageException(
          "-id must be 1 to 64 letters, digits, '.', '_' or '-', got \"" + id + "\"");
    }
    if (threads < 1 || threads > 256) {
      throw new UsageException("-threads must be between 1 and 256, got " + threads);
    }
  }

  /**
   * Parses a command line.
   *
   * @throws UsageException naming the flag and what is wrong with it
   */
  public static BackendOptions parse(String... args) {
    String host = "0.0.0.0";
    int port = 9001;
    String id = null;
    boolean quiet = false;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean help = false;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new UsageException("unexpected argument \"" + arg + "\" (flags start with -)");
      }
      String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String inline = eq < 0 ? null : body.substring(eq + 1);
      switch (name) {
        case "h", "help" -> help = parseBoolean(name, inline);
        case "quiet" -> quiet = parseBoolean(name, inline);
        case "port" -> port = parseInt(name, value(name, inline, rest));
        case "threads" -> threads = parseInt(name, value(name, inline, rest));
        case "id" -> id = value(name, inline, rest);
        case "host" -> host = value(name, inline, rest);
        default -> throw new UsageException("unknown flag -" + name);
      }
    }
    return new BackendOptions(
        host, port, id == null ? String.valueOf(port) : id, quiet, threads, help);
  }

  private static String value(String name, String inline, List<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      throw new UsageException("flag -" + name + " needs a value");
    }
    return rest.remove(0);
  }

  private static int parseInt(String name, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("-" + name + " must be a whole number, got \"" + text + "\"");
    }
  }

  private static boolean parseBoolean(String name, String inline) {
    if (inline == null || inline.equals("true")) {
      return true;
    }
    if (inline.equals("false")) {
      return false;
    }
    throw new UsageException("-" + name + " takes true or false, got \"" + inline + "\"");
  }

  /** A command line that cannot be used; its message says which flag and why. */
  public static final class UsageException extends IllegalArgumentException {
    /** Creates the exception with a message for the user. */
    public UsageException(String message) {
      super(message);
    }
  }
}
