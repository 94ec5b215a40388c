package dev.roundhouse.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names, label names and label values PromQL expressions use: what must exist in a
 * proxy's /metrics for the dashboard and the alerts to show anything. (Syntax is promtool's job;
 * this only lists the names.)
 */
final class PromQl {

  private static final Pattern METRIC = Pattern.compile("\\b(roundhouse_[a-zA-Z0-9_]+)");
  private static final Pattern SELECTOR =
      Pattern.compile("\\b(roundhouse_[a-zA-Z0-9_]+)\\{([^}]*)}");
  private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

  /** One label matcher of a selector, e.g. {@code result="failure"} on a metric. */
  record LabelMatcher(String metric, String label, String op, String value) {}

  private PromQl() {}

  /** Every roundhouse_* metric name in {@code expr}. */
  static Set<String> metricNames(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Every label matcher on a roundhouse_* metric in {@code expr}. */
  static List<LabelMatcher> matchers(String expr) {
    List<LabelMatcher> out = new ArrayList<>();
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      Matcher m = MATCHER.matcher(selector.group(2));
      while (m.find()) {
        out.add(new LabelMatcher(selector.group(1), m.group(1), m.group(2), m.group(3)));
      }
    }
    return out;
  }

  /** Every label named in a {@code by (...)} or {@code without (...)} clause of {@code expr}. */
  static Set<String> groupingLabels(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = GROUPING.matcher(expr);
    while (m.find()) {
      for (String label : m.group(1).split(",")) {
        if (!label.isBlank()) {
          out.add(label.strip());
        }
      }
    }
    return out;
  }

  /** Every PromQL expression of the Grafana dashboard: panel targets and variable queries. */
  static List<String> dashboardExpressions(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(target.get("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.path("type").asText().equals("query")) {
        out.add(variable.at("/query/query").asText());
      }
    }
    return out;
  }

  /** Every alert expression of a Prometheus rule file. */
  static List<String> ruleExpressions(JsonNode ruleFile) {
    List<String> out = new ArrayList<>();
    for (JsonNode group : ruleFile.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        out.add(rule.get("expr").asText());
      }
    }
    return out;
  }
}
