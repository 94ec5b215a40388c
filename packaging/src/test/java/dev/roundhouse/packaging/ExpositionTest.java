package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** The /metrics reader and the PromQL name lister that LiveMetricsIT relies on. */
class ExpositionTest {

  @Test
  void readsSamplesWithLabelsEscapesAndNoLabels() {
    Exposition metrics =
        Exposition.parse(
            """
            # HELP roundhouse_requests_total Requests.
            # TYPE roundhouse_requests_total counter
            roundhouse_requests_total{frontend="web",backend="http://b:1",method="GET",code="200"} 3.0
            roundhouse_config_revision 2
            roundhouse_odd{path="a\\"b,c"} 1 1700000000
            """);

    assertThat(metrics.of("roundhouse_requests_total"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels())
                  .containsExactly(
                      entry("frontend", "web"),
                      entry("backend", "http://b:1"),
                      entry("method", "GET"),
                      entry("code", "200"));
              assertThat(s.value()).isEqualTo(3.0);
            });
    assertThat(metrics.sum("roundhouse_config_revision")).isEqualTo(2.0);
    assertThat(metrics.of("roundhouse_odd").get(0).labels()).containsEntry("path", "a\\\"b,c");
    assertThat(metrics.has("roundhouse_missing")).isFalse();
  }

  @Test
  void listsMetricsMatchersAndGroupingLabelsOfAQuery() {
    String expr =
        "sum by (backend, le) (rate(roundhouse_request_duration_seconds_bucket{job=~\"$job\"}[5m]))"
            + " / ignoring(x) sum without (code) (roundhouse_requests_total{code=~\"5..\", result=\"failure\"})";

    assertThat(PromQl.metricNames(expr))
        .containsExactly("roundhouse_request_duration_seconds_bucket", "roundhouse_requests_total");
    assertThat(PromQl.matchers(expr))
        .containsExactly(
            new PromQl.LabelMatcher(
                "roundhouse_request_duration_seconds_bucket", "job", "=~", "$job"),
            new PromQl.LabelMatcher("roundhouse_requests_total", "code", "=~", "5.."),
            new PromQl.LabelMatcher("roundhouse_requests_total", "result", "=", "failure"));
    assertThat(PromQl.groupingLabels(expr)).containsExactly("backend", "le", "code");
  }
}
