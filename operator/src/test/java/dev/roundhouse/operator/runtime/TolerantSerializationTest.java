package dev.roundhouse.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roundhouse.api.Algorithm;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class TolerantSerializationTest {

  /** A resource written against a newer CRD: an unknown field, an unknown enum value. */
  private static final String NEWER =
      """
      apiVersion: roundhouse.dev/v1alpha1
      kind: LoadBalancer
      metadata:
        name: web
      spec:
        frontends: [{port: 8080}]
        backends:
          - url: http://a:1
            priority: 1
        algorithm: power-of-two-choices
        tls: {secretName: cert}
        replicas: 2
      """;

  @Test
  void readsAResourceWithFieldsAndValuesItDoesNotKnow() {
    LoadBalancer lb = new TolerantSerialization().unmarshal(NEWER, LoadBalancer.class);

    assertThat(lb.getSpec().config().backends()).hasSize(1);
    assertThat(lb.getSpec().config().backends().get(0).url()).isEqualTo("http://a:1");
    // Unset, so the default; the reconciler's strict re-read rejects the resource all the same.
    assertThat(lb.getSpec().config().algorithm()).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(lb.getSpec().replicas()).isEqualTo(2);
  }

  @Test
  void fabric8sDefaultDoesNot() {
    // What the informer did before: one such resource stopped the watch of all.
    assertThatThrownBy(() -> new KubernetesSerialization().unmarshal(NEWER, LoadBalancer.class))
        .hasMessageContaining("Unrecognized field \"priority\"");
  }

  @Test
  void writesAsFabric8Does() {
    LoadBalancer lb = new TolerantSerialization().unmarshal(NEWER, LoadBalancer.class);

    assertThat(new TolerantSerialization().asJson(lb))
        .isEqualTo(new KubernetesSerialization().asJson(lb));
  }
}
