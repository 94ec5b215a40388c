package dev.roundhouse.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.operator.dependent.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NOTES.txt, what `helm install` prints, tells the truth: the names it gives are the objects the
 * chart renders, the namespaces are the watched ones, the files it points to exist, and the
 * LoadBalancer it suggests applying is one the cluster and the operator accept.
 */
class ChartNotesTest {

  @Test
  void notesOfTheDefaultInstallNameTheRenderedObjectsAndAValidLoadBalancer() {
    String notes = notes(null);
    Rendered rendered = Rendered.of(HelmChart.template());

    assertThat(notes)
        .contains("in namespace " + HelmChart.NAMESPACE)
        .contains("every namespace")
        .contains(
            "kubectl -n "
                + HelmChart.NAMESPACE
                + " rollout status deployment/"
                + rendered.deployment().getMetadata().getName())
        .contains("kubectl apply -n default")
        .contains(
            "service/"
                + rendered.one(Service.class).orElseThrow().getMetadata().getName()
                + " 8080")
        .doesNotContain("Monitoring");
    assertSuggestedLoadBalancerIsValid(notes);
    assertReferencedFilesExist(notes);
  }

  @Test
  void notesOfTheFullInstallNameTheWatchedNamespacesAndTheMonitoringObjects() {
    String notes = notes(HelmChart.FULL_VALUES);
    Rendered rendered = Rendered.of(HelmChart.template(HelmChart.FULL_VALUES));

    assertThat(notes)
        .contains("in these namespaces only: shop, payments")
        .contains("deployment/" + rendered.deployment().getMetadata().getName())
        .contains("kubectl apply -n shop")
        .contains(
            "ServiceMonitor "
                + rendered
                    .named(ServiceMonitor.class, "roundhouse-operator")
                    .getMetadata()
                    .getName())
        .contains(
            "the proxies (ServiceMonitor "
                + rendered
                    .named(ServiceMonitor.class, "roundhouse-operator-proxies")
                    .getMetadata()
                    .getName())
        .contains(
            "PrometheusRule "
                + rendered.one(PrometheusRule.class).orElseThrow().getMetadata().getName())
        .contains(
            "service/"
                + rendered.one(Service.class).orElseThrow().getMetadata().getName()
                + " 8081");
    assertSuggestedLoadBalancerIsValid(notes);
    assertReferencedFilesExist(notes);
  }

  private static void assertSuggestedLoadBalancerIsValid(String notes) {
    Matcher heredoc =
        Pattern.compile("<<'YAML'\\n(.*?)\\n\\s*YAML\\n", Pattern.DOTALL).matcher(notes);
    assertThat(heredoc.find()).as("NOTES suggest a LoadBalancer to apply").isTrue();
    String yaml = heredoc.group(1).stripIndent();

    assertThat(CrdSchema.loadBalancers().problems(StrictModel.tree(yaml))).isEmpty();
    LoadBalancer lb = StrictModel.parse(yaml, LoadBalancer.class);
    assertThat(ConfigValidator.validate(lb.getSpec().config())).isEmpty();
    assertThat(notes).contains("get lb " + lb.getMetadata().getName());
    assertThat(notes).contains("port-forward service/" + Names.proxy(lb) + " ");
  }

  private static void assertReferencedFilesExist(String notes) {
    Matcher files =
        Pattern.compile("\\b((?:examples|deployments)/[\\w./-]+\\.(?:yaml|json))").matcher(notes);
    int count = 0;
    while (files.find()) {
      count++;
      assertThat(Repo.path(files.group(1))).as("file named in NOTES").isRegularFile();
    }
    assertThat(count).isPositive();
  }

  /** What `helm install` prints after NOTES:, from a client-only dry run (no cluster). */
  private static String notes(Path valuesFile) {
    InstallCommand install =
        new Helm(HelmChart.DIR)
            .install()
            .withName(HelmChart.RELEASE)
            .withNamespace(HelmChart.NAMESPACE)
            .withKubeVersion(HelmChart.KUBE_VERSION)
            .clientOnly()
            .dryRun();
    if (valuesFile != null) {
      install.withValuesFile(valuesFile.toAbsolutePath());
    }
    String output = install.call().getOutput();
    int notes = output.indexOf("NOTES:");
    assertThat(notes).as("install output has notes:\n%s", output).isNotNegative();
    return output.substring(notes);
  }
}
