package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard: importable (a datasource variable, unique ids, panels inside the grid and
 * not overlapping), every query filtered by the job and proxy variables, valid PromQL (promtool),
 * the panels the issue asks for, and a panel for every metric docs/observability.md lists.
 */
class DashboardTest {

  static final String FILE = "deployments/grafana/roundhouse-dashboard.json";

  /** A row of a metrics table in docs/observability.md: {@code | `roundhouse_...` | type | ...}. */
  private static final Pattern DOCUMENTED_METRIC =
      Pattern.compile("^\\| `(roundhouse_[a-z_]+)` \\|", Pattern.MULTILINE);

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

  private final JsonNode dashboard = read();

  @Test
  void isAnImportableDashboardWithADatasourceVariable() {
    assertThat(dashboard.get("uid").asText()).isEqualTo("roundhouse-proxy");
    assertThat(dashboard.get("title").asText()).isEqualTo("Roundhouse");
    List<String> variables = new ArrayList<>();
    dashboard.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
    assertThat(variables).containsExactly("datasource", "job", "instance");
    assertThat(dashboard.at("/templating/list/0/query").asText()).isEqualTo("prometheus");

    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("duplicate panel id").isTrue();
      if (!panel.get("type").asText().equals("row")) {
        assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.get("targets")).isNotEmpty();
        Set<String> refIds = new HashSet<>();
        panel.get("targets").forEach(t -> assertThat(refIds.add(t.get("refId").asText())).isTrue());
      }
    }
  }

  @Test
  void panelsFitTheGridWithoutOverlapping() {
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      JsonNode g = panel.get("gridPos");
      int[] box = {g.get("x").asInt(), g.get("y").asInt(), g.get("w").asInt(), g.get("h").asInt()};
      assertThat(box[0] + box[2]).as(panel.get("title").asText()).isLessThanOrEqualTo(24);
      for (int[] other : boxes) {
        boolean overlap =
            box[0] < other[0] + other[2]
                && other[0] < box[0] + box[2]
                && box[1] < other[1] + other[3]
                && other[1] < box[1] + box[3];
        assertThat(overlap).as("%s overlaps another panel", panel.get("title")).isFalse();
      }
      boxes.add(box);
    }
  }

  @Test
  void showsWhatTheIssueAsksFor() {
    List<String> titles = new ArrayList<>();
    dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
    assertThat(titles)
        .contains(
            "Request rate by backend",
            "Error ratio by backend",
            "Latency p50 and p99 by backend",
            "Backend health",
            "Backends up",
            "Backends down",
            "Active connections by frontend",
            "Config revision by proxy",
            "Config reloads by result",
            "TLS certificate expiry",
            "Held or rolled-back revisions",
            "Health gates and automatic rollbacks");
    String all = String.join("\n", PromQl.dashboardExpressions(dashboard));
    assertThat(all)
        .contains("histogram_quantile(0.5,")
        .contains("histogram_quantile(0.99,")
        .contains("code=~\"5..\"");
  }

  @Test
  void showsEveryMetricTheDocsList() throws IOException {
    Set<String> shown = new HashSet<>();
    PromQl.dashboardExpressions(dashboard).forEach(expr -> shown.addAll(PromQl.metricNames(expr)));
    Matcher documented =
        DOCUMENTED_METRIC.matcher(Files.readString(Repo.path("docs/observability.md")));
    List<String> all = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    while (documented.find()) {
      String metric = documented.group(1);
      all.add(metric);
      if (!shown.contains(metric) && !shown.contains(metric + "_bucket")) { // a histogram's series
        missing.add(metric);
      }
    }

    assertThat(all).as("the metrics tables were read").hasSizeGreaterThan(15);
    assertThat(missing).as("documented metrics that no panel shows").isEmpty();
  }

  /** The prefix of the operator's metrics, which the rollout panels show. */
  static final String OPERATOR_METRICS = "roundhouse_operator_";

  @Test
  void everyQueryIsFilteredByJobAndProxy() {
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.get("expr").asText();
        List<PromQl.LabelMatcher> matchers = PromQl.matchers(expr);
        Set<String> selected = new HashSet<>();
        PromQl.metricNames(expr).forEach(selected::add);
        for (String metric : selected) {
          if (metric.startsWith(OPERATOR_METRICS)) {
            continue; // scraped from the operator (its leader), which no proxy variable selects
          }
          assertThat(matchers)
              .as("%s in %s", metric, panel.get("title"))
              .anySatisfy(
                  m ->
                      assertThat(m).isEqualTo(new PromQl.LabelMatcher(metric, "job", "=~", "$job")))
              .anySatisfy(
                  m ->
                      assertThat(m)
                          .isEqualTo(
                              new PromQl.LabelMatcher(metric, "instance", "=~", "$instance")));
        }
      }
    }
  }

  @Test
  void everyQueryIsValidPromQl(@TempDir Path dir) throws IOException {
    assumeTrue(Promtool.available(), Promtool.MISSING);
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (String expr : PromQl.dashboardExpressions(dashboard)) {
      Matcher labelValues = LABEL_VALUES.matcher(expr);
      String promql = labelValues.matches() ? labelValues.group(1) : expr;
      promql =
          promql.replace("$__rate_interval", "5m").replace("$job", ".*").replace("$instance", ".*");
      rules
          .append("      - record: dashboard:query_")
          .append(++n)
          .append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(promql))
          .append('\n');
    }
    Files.writeString(dir.resolve("dashboard-queries.yaml"), rules);

    Promtool.Result result = Promtool.run(dir, "check", "rules", "dashboard-queries.yaml");

    assertThat(result.exitCode()).as(result.output() + "\n" + rules).isZero();
    assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(Files.readString(Repo.path(FILE)));
    } catch (IOException e) {
      throw new AssertionError(FILE + " is not valid JSON", e);
    }
  }
}
