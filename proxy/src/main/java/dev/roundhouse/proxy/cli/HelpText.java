package dev.roundhouse.proxy.cli;

import java.util.ArrayList;
import java.util.List;

/** The proxy's {@code --help}: what it does, every flag, examples, signals and exit status. */
public final class HelpText {

  /** The width the text is wrapped to: a terminal's default. */
  static final int WIDTH = 80;

  /** Where a flag's help starts on its line. */
  private static final int HELP_COLUMN = 27;

  private static final String COMMAND = "roundhouse-proxy";

  private HelpText() {}

  /** The whole help, lines ending in {@code \n}. */
  public static String render() {
    StringBuilder out = new StringBuilder();
    out.append("Usage: ").append(COMMAND).append(" [FLAG]...\n");
    paragraph(
        out,
        "An HTTP/1.1 load balancer. Reads its config from a YAML file or a Kubernetes ConfigMap,"
            + " watches it and applies each change without dropping a request; or builds a config"
            + " from --port and --backend. Flags given with a file or a ConfigMap override its"
            + " values.");
    out.append("\nFlags:\n");
    for (Flag flag : Flag.values()) {
      flag(out, flag, HELP_COLUMN);
    }
    out.append("\nExamples:\n");
    for (String example :
        List.of(
            "--config config.yaml",
            "--configmap web --namespace shop --admin-port 9090 --shutdown-delay 5s",
            "--port 8080 --backend http://127.0.0.1:9001 --backend http://127.0.0.1:9002"
                + " --algorithm least-connections",
            "--validate config.yaml")) {
      for (String line : wrap(COMMAND + " " + example, WIDTH - 2)) {
        out.append(line.startsWith(COMMAND) ? "  " : "      ").append(line).append('\n');
      }
    }
    out.append('\n');
    paragraph(
        out,
        "Signals: SIGHUP re-reads the config. SIGTERM or SIGINT: /readyz answers 503, the"
            + " listeners close after --shutdown-delay, requests in flight finish (at most"
            + " --drain-timeout), then the proxy exits 0; a second signal exits at once.");
    out.append('\n');
    paragraph(
        out,
        "Exit status: 0 for --help, --version, a valid --validate and a graceful stop; 1 for an"
            + " invalid config, one that cannot be put in force (a port in use) or an unreadable"
            + " admin token; 2 for an invalid command line.");
    return out.toString();
  }

  /** The line after a usage error. */
  public static String pointer() {
    return "Run '" + COMMAND + " --help' for every flag.";
  }

  private static void paragraph(StringBuilder out, String text) {
    for (String line : wrap(text, WIDTH)) {
      out.append(line).append('\n');
    }
  }

  /**
   * {@code --config=FILE help...}: the help wrapped in its column, starting on the next line if the
   * flag reaches into it.
   */
  static void flag(StringBuilder out, Flag flag, int column) {
    String synopsis = "  " + flag.synopsis();
    List<String> lines = wrap(flag.help(), WIDTH - column);
    String indent = " ".repeat(column);
    int first = 0;
    if (synopsis.length() + 1 > column) {
      out.append(synopsis).append('\n');
    } else {
      out.append(synopsis).append(" ".repeat(column - synopsis.length()));
      out.append(lines.get(0)).append('\n');
      first = 1;
    }
    for (String line : lines.subList(first, lines.size())) {
      out.append(indent).append(line).append('\n');
    }
  }

  /** {@code text} in lines of at most {@code width} characters, broken at spaces. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
