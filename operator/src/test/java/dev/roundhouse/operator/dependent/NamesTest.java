package dev.roundhouse.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class NamesTest {

  private static LoadBalancer web() {
    LoadBalancer lb = new LoadBalancer();
    lb.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("prod").build());
    return lb;
  }

  @Test
  void everyObjectIsNamedAfterTheResource() {
    assertThat(Names.configMap(web())).isEqualTo("web-config");
    assertThat(Names.proxy(web())).isEqualTo("web-proxy");
  }

  @Test
  void theSelectorIsStableAndSortedAsAString() {
    assertThat(Names.selector(web()))
        .containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
    assertThat(Names.selectorString(web()))
        .isEqualTo("app.kubernetes.io/instance=web,app.kubernetes.io/name=roundhouse-proxy");
    assertThat(Names.labels(web())).containsAllEntriesOf(Names.selector(web()));
  }

  @Test
  void portNamesFitKubernetesLimits() {
    assertThat(Names.containerPort(Frontend.onPort(65535)))
        .isEqualTo("http-65535")
        .hasSizeLessThanOrEqualTo(15);
    assertThat(Names.servicePort(new Frontend(8080, "public-web-traffic")))
        .isEqualTo("public-web-traffic");
    assertThat(Names.servicePort(Frontend.onPort(8080))).isEqualTo("http-8080");
  }
}
