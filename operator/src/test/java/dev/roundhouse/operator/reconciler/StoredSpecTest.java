package dev.roundhouse.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredSpecTest {

  private static Map<String, Object> spec(List<?> backends) {
    return Map.of("frontends", List.of(Map.of("port", 8080)), "backends", backends);
  }

  @Test
  void aSpecOfKnownFieldsReads() {
    assertThat(StoredSpec.problem(spec(List.of(Map.of("url", "http://a:1", "weight", 2)))))
        .isEmpty();
  }

  @Test
  void anUnknownFieldIsNamedByItsPath() {
    Violation problem =
        StoredSpec.problem(spec(List.of(Map.of("url", "http://a:1"), Map.of("priority", "1"))))
            .orElseThrow();

    assertThat(problem.path()).isEqualTo("spec.backends[1].priority");
    assertThat(problem.message()).startsWith("unknown field: this operator does not know it");
  }

  @Test
  void anUnknownTopLevelFieldToo() {
    Map<String, Object> spec = new java.util.HashMap<>(spec(List.of(Map.of("url", "http://a:1"))));
    spec.put("tls", Map.of("secretName", "cert"));

    assertThat(StoredSpec.problem(spec).orElseThrow().path()).isEqualTo("spec.tls");
  }

  @Test
  void anEnumValueThisOperatorDoesNotKnowIsUnreadable() {
    Map<String, Object> spec = new java.util.HashMap<>(spec(List.of(Map.of("url", "http://a:1"))));
    spec.put("algorithm", "power-of-two-choices");

    Violation problem = StoredSpec.problem(spec).orElseThrow();

    assertThat(problem.path()).isEqualTo("spec.algorithm");
    assertThat(problem.message())
        .startsWith("the value power-of-two-choices cannot be read as Algorithm");
  }

  @Test
  void aValueOfTheWrongTypeIsUnreadable() {
    Map<String, Object> spec = new java.util.HashMap<>(spec(List.of(Map.of("url", "http://a:1"))));
    spec.put("replicas", "three");

    assertThat(StoredSpec.problem(spec).orElseThrow().path()).isEqualTo("spec.replicas");
  }
}
