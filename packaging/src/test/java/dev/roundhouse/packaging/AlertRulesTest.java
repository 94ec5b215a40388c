package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules: one file shared by the chart's PrometheusRule and the docker-compose Prometheus,
 * valid for Prometheus (promtool check), and firing on exactly the conditions they are named for
 * (promtool unit tests in roundhouse-alerts.test.yaml).
 */
class AlertRulesTest {

  static final String RULES = "deployments/prometheus/roundhouse-alerts.yaml";
  private static final Path UNIT_TESTS = Path.of("src/test/resources/roundhouse-alerts.test.yaml");

  @Test
  void theChartAndTheComposePrometheusUseTheSameRules() throws IOException {
    assertThat(Files.readAllBytes(HelmChart.DIR.resolve("files/roundhouse-alerts.yaml")))
        .as("helm/roundhouse/files/roundhouse-alerts.yaml must be a copy of " + RULES)
        .isEqualTo(Files.readAllBytes(Repo.path(RULES)));

    PrometheusRule rendered =
        Rendered.of(HelmChart.template(HelmChart.FULL_VALUES))
            .one(PrometheusRule.class)
            .orElseThrow();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.valueToTree(rendered.getSpec()).get("groups"))
        .isEqualTo(StrictModel.tree(Repo.read(RULES)).get("groups"));
  }

  @Test
  void everyAlertTheIssueAsksForExistsWithSeverityAndAnActionableDescription() {
    List<String> alerts = new ArrayList<>();
    for (JsonNode rule : StrictModel.tree(Repo.read(RULES)).at("/groups/0/rules")) {
      alerts.add(rule.get("alert").asText());
      assertThat(rule.at("/labels/severity").asText()).isIn("warning", "critical");
      assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
      assertThat(rule.at("/annotations/description").asText()).hasSizeGreaterThan(80);
    }
    assertThat(alerts)
        .containsExactly(
            "RoundhouseBackendDown",
            "RoundhouseNoHealthyBackend",
            "RoundhouseConfigReloadFailed",
            "RoundhouseHigh5xxRatio",
            "RoundhouseCertificateExpiresSoon",
            "RoundhouseRevisionHeld",
            "RoundhouseRevisionRolledBack");
  }

  @Test
  void prometheusAcceptsTheRulesAndTheComposeConfig() {
    assumeTrue(Promtool.available(), Promtool.MISSING);

    Promtool.Result rules = Promtool.run(Repo.ROOT, "check", "rules", RULES);
    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS: 7 rules found");

    Promtool.Result config =
        Promtool.run(Repo.ROOT, "check", "config", "deployments/prometheus/prometheus.yml");
    assertThat(config.exitCode()).as(config.output()).isZero();
  }

  @Test
  void eachAlertFiresOnItsConditionAndOnlyThen(@TempDir Path dir) throws IOException {
    assumeTrue(Promtool.available(), Promtool.MISSING);
    Files.copy(Repo.path(RULES), dir.resolve("roundhouse-alerts.yaml"));
    Files.copy(UNIT_TESTS, dir.resolve("tests.yaml"));

    Promtool.Result result = Promtool.run(dir, "test", "rules", "tests.yaml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void theUnitTestsNoticeAWrongThreshold(@TempDir Path dir) throws IOException {
    assumeTrue(Promtool.available(), Promtool.MISSING);
    String rules = Repo.read(RULES);
    assertThat(rules).contains("> 0.05");
    Files.writeString(dir.resolve("roundhouse-alerts.yaml"), rules.replace("> 0.05", "> 0.5"));
    Files.copy(UNIT_TESTS, dir.resolve("tests.yaml"));

    Promtool.Result result = Promtool.run(dir, "test", "rules", "tests.yaml");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("RoundhouseHigh5xxRatio");
  }
}
