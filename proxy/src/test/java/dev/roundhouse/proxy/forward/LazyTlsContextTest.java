package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTlsContextTest {

  @Test
  void theContextIsBuiltAtTheFirstUseAndOnlyOnce() {
    AtomicInteger builds = new AtomicInteger();
    SslContext real = LazyTlsContext.jdkTrustStore().get();
    LazyTlsContext lazy =
        new LazyTlsContext(
            () -> {
              builds.incrementAndGet();
              return real;
            });

    assertThat(builds).hasValue(0);
    assertThat(lazy.get()).isSameAs(real);
    assertThat(lazy.get()).isSameAs(real);
    assertThat(builds).hasValue(1);
  }

  @Test
  void theJdkTrustStoreGivesAClientContext() {
    LazyTlsContext jdk = LazyTlsContext.jdkTrustStore();

    assertThat(jdk.get().isClient()).isTrue();
    assertThat(jdk.get()).isSameAs(jdk.get());
  }

  @Test
  void aFailedBuildIsReportedToTheCallerAndTriedAgainNextTime() {
    AtomicInteger builds = new AtomicInteger();
    LazyTlsContext failing =
        new LazyTlsContext(
            () -> {
              builds.incrementAndGet();
              throw new IllegalStateException("no trust store");
            });

    assertThatThrownBy(failing::get).hasMessage("no trust store");
    assertThatThrownBy(failing::get).hasMessage("no trust store");
    assertThat(builds).hasValue(2);
  }
}
