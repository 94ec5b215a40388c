package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The checker LiveMetricsIT applies to a live proxy's /metrics can tell a good query from a bad
 * one.
 */
class QueryCoverageTest {

  private static final Exposition METRICS =
      Exposition.parse(
          """
          roundhouse_config_reloads_total{result="success"} 2
          roundhouse_config_reloads_total{result="rejected"} 1
          roundhouse_request_duration_seconds_bucket{backend="b1",le="0.1"} 4
          """);

  @Test
  void aQueryOnExportedNamesLabelsAndValuesHasNoProblem() {
    assertThat(
            QueryCoverage.problems(
                "t",
                "sum by (backend, le, job) (rate(roundhouse_request_duration_seconds_bucket{instance=~\"$instance\"}[5m]))"
                    + " + increase(roundhouse_config_reloads_total{result=\"rejected\"}[1m])",
                METRICS))
        .isEmpty();
  }

  @Test
  void aMissingMetricLabelOrValueIsReportedWithWhatExists() {
    assertThat(QueryCoverage.problems("t", "rate(roundhouse_requests_total[5m])", METRICS))
        .containsExactly(
            "t: no metric roundhouse_requests_total (in rate(roundhouse_requests_total[5m]))");
    assertThat(
            QueryCoverage.problems(
                "t", "roundhouse_config_reloads_total{result=\"failure\"}", METRICS))
        .singleElement()
        .asString()
        .contains("matches no series")
        .contains("[rejected, success]");
    assertThat(
            QueryCoverage.problems(
                "t", "sum by (frontend) (roundhouse_config_reloads_total)", METRICS))
        .singleElement()
        .asString()
        .contains("has label frontend");
    assertThat(QueryCoverage.problems("t", "roundhouse_config_reloads_total{type=~\"x\"}", METRICS))
        .singleElement()
        .asString()
        .contains("has no label type");
  }
}
