package dev.roundhouse.operator.revision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecContentTest {

  private static LoadBalancerSpec spec(
      List<Backend> backends, HealthCheck healthcheck, Integer replicas) {
    return new LoadBalancerSpec(
        LoadBalancerConfig.builder()
            .frontends(List.of(Frontend.onPort(8080)))
            .backends(backends)
            .healthcheck(healthcheck)
            .build(),
        replicas,
        null,
        null,
        new ResourceRequirementsBuilder().withRequests(Map.of("cpu", new Quantity("100m"))).build(),
        null);
  }

  @Test
  void theSameSpecWrittenDifferentlyHasTheSameContent() {
    LoadBalancerSpec shortForm =
        spec(List.of(Backend.of("http://a:1"), Backend.of("http://b:2")), null, null);
    LoadBalancerSpec longForm =
        spec(List.of(new Backend("http://a:1", 1), new Backend("http://b:2", 1)), null, 1);

    assertThat(SpecContent.of(longForm)).isEqualTo(SpecContent.of(shortForm));
    assertThat(SpecContent.of(longForm).hash()).isEqualTo(SpecContent.of(shortForm).hash());
  }

  @Test
  void replicasAreNotPartOfARevision() {
    List<Backend> backends = List.of(Backend.of("http://a:1"));

    assertThat(SpecContent.of(spec(backends, null, 5)))
        .isEqualTo(SpecContent.of(spec(backends, null, 1)));
    assertThat(SpecContent.of(spec(backends, null, 5)).json()).doesNotContain("replicas");
  }

  @Test
  void theHistoryLimitIsNotPartOfARevision() {
    LoadBalancerSpec keepsTen = spec(List.of(Backend.of("http://a:1")), null, null);
    LoadBalancerSpec keepsTwo =
        new LoadBalancerSpec(keepsTen.config(), null, null, null, keepsTen.resources(), 2);

    assertThat(SpecContent.of(keepsTwo)).isEqualTo(SpecContent.of(keepsTen));
    assertThat(SpecContent.of(keepsTwo).json()).doesNotContain("revisionHistoryLimit");
  }

  @Test
  void eachNameCollisionMakesAnotherDeterministicHash() {
    SpecContent content = SpecContent.of(spec(List.of(Backend.of("http://a:1")), null, null));

    assertThat(content.hash(0)).isEqualTo(content.hash());
    assertThat(content.hash(1)).isEqualTo(content.hash(1)).isNotEqualTo(content.hash()).hasSize(10);
    assertThat(content.hash(2)).isNotIn(content.hash(), content.hash(1));
  }

  @Test
  void anyOtherDifferenceMakesADifferentRevision() {
    LoadBalancerSpec one = spec(List.of(Backend.of("http://a:1")), null, null);
    LoadBalancerSpec other =
        spec(List.of(Backend.of("http://a:1"), Backend.of("http://b:2")), null, null);
    LoadBalancerSpec slower =
        spec(
            List.of(Backend.of("http://a:1")),
            new HealthCheck(null, Duration.ofSeconds(30), null, null, null, null, null),
            null);

    assertThat(SpecContent.of(other)).isNotEqualTo(SpecContent.of(one));
    assertThat(SpecContent.of(slower)).isNotEqualTo(SpecContent.of(one));
    assertThat(SpecContent.of(other).hash()).isNotEqualTo(SpecContent.of(one).hash()).hasSize(10);
  }

  @Test
  void storedContentReadsBackAsTheSameSpecWithTheReplicasAndLimitOfToday() {
    LoadBalancerSpec original =
        spec(
            List.of(new Backend("http://a:1", 3)),
            new HealthCheck(false, Duration.ofMillis(1500), Duration.ofMillis(200), "/up", 1, 2, 0),
            2);
    SpecContent stored = SpecContent.of(original);

    SpecContent read = SpecContent.fromData(stored.toData());

    assertThat(read).isEqualTo(stored);
    LoadBalancerSpec restored = read.toSpec(7, 4);
    assertThat(restored.replicas()).isEqualTo(7);
    assertThat(restored.revisionHistoryLimit()).isEqualTo(4);
    assertThat(restored.config().backends()).isEqualTo(original.config().backends());
    assertThat(restored.config().healthcheck()).isEqualTo(original.config().healthcheck());
    assertThat(restored.resources()).isEqualTo(original.resources());
  }

  @Test
  void theCanonicalTextHasItsKeysSorted() {
    String json = SpecContent.of(spec(List.of(Backend.of("http://a:1")), null, null)).json();

    assertThat(json.indexOf("\"backends\"")).isLessThan(json.indexOf("\"frontends\""));
    assertThat(json.indexOf("\"frontends\"")).isLessThan(json.indexOf("\"resources\""));
    assertThat(json.indexOf("\"port\"")).isPositive();
  }
}
