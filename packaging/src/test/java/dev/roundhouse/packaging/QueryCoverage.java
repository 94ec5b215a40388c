package dev.roundhouse.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a PromQL query can select anything in an exporter's metrics: its metric names exist, the
 * labels it matches on or groups by exist on them, and an exact label value it asks for is one the
 * exporter writes. Labels Prometheus adds at scrape time (job, instance, ...) are not the
 * exporter's to write and are skipped, as are Grafana variables.
 */
final class QueryCoverage {

  /** Labels Prometheus adds to every series at scrape time; no exporter writes them. */
  static final Set<String> TARGET_LABELS =
      Set.of("job", "instance", "namespace", "pod", "service", "container", "endpoint");

  private QueryCoverage() {}

  /** What in {@code expr} the proxy's metrics do not have. */
  static List<String> problems(String source, String expr, Exposition metrics) {
    List<String> problems = new ArrayList<>();
    Set<String> names = PromQl.metricNames(expr);
    for (String name : names) {
      if (!metrics.has(name)) {
        problems.add(source + ": no metric " + name + " (in " + expr + ")");
      }
    }
    for (PromQl.LabelMatcher m : PromQl.matchers(expr)) {
      if (TARGET_LABELS.contains(m.label()) || !metrics.has(m.metric())) {
        continue;
      }
      List<Map<String, String>> series =
          metrics.of(m.metric()).stream().map(Exposition.Sample::labels).toList();
      if (series.stream().noneMatch(l -> l.containsKey(m.label()))) {
        problems.add(
            source + ": " + m.metric() + " has no label " + m.label() + " (in " + expr + ")");
      } else if (m.op().equals("=")
          && series.stream().noneMatch(l -> m.value().equals(l.get(m.label())))) {
        problems.add(
            source
                + ": "
                + m.metric()
                + "{"
                + m.label()
                + "=\""
                + m.value()
                + "\"} matches no series;"
                + " the proxy exports "
                + m.label()
                + " values "
                + values(series, m.label()));
      }
    }
    for (String label : PromQl.groupingLabels(expr)) {
      if (TARGET_LABELS.contains(label)) {
        continue;
      }
      boolean found =
          names.stream()
              .flatMap(n -> metrics.of(n).stream())
              .anyMatch(s -> s.labels().containsKey(label));
      if (!found) {
        problems.add(
            source + ": no metric of " + names + " has label " + label + " (in " + expr + ")");
      }
    }
    return problems;
  }

  private static Set<String> values(List<Map<String, String>> series, String label) {
    Set<String> out = new TreeSet<>();
    series.forEach(
        l -> {
          if (l.containsKey(label)) {
            out.add(l.get(label));
          }
        });
    return out;
  }
}
