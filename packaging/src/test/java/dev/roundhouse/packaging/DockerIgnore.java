package dev.roundhouse.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A .dockerignore read with Docker's rules (moby/patternmatcher): patterns relative to the context
 * root, {@code *} within a path segment, {@code **} across segments, {@code !} to take a path back
 * in, the last matching line wins, and a pattern matching a directory matches everything below it.
 */
final class DockerIgnore {

  private record Rule(Pattern pattern, boolean include) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules of a .dockerignore's text. */
  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean include = line.startsWith("!");
      String pattern = include ? line.substring(1).strip() : line;
      pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
      rules.add(new Rule(Pattern.compile(regex(pattern)), include));
    }
    return new DockerIgnore(rules);
  }

  /** Whether {@code path} (relative, with '/') is sent to the builder. */
  boolean sends(String path) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesOrParentMatches(rule.pattern(), path)) {
        excluded = !rule.include();
      }
    }
    return !excluded;
  }

  private static boolean matchesOrParentMatches(Pattern pattern, String path) {
    String candidate = path;
    while (true) {
      if (pattern.matcher(candidate).matches()) {
        return true;
      }
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      candidate = candidate.substring(0, slash);
    }
  }

  private static String regex(String glob) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        i++;
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
          i++;
          out.append("(?:.*/)?");
        } else {
          out.append(".*");
        }
      } else if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
