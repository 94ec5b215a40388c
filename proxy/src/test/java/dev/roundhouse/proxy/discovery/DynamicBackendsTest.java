package dev.roundhouse.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.PortRef;
import dev.roundhouse.api.ServiceRef;
import dev.roundhouse.proxy.discovery.Endpoint.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DynamicBackendsTest {

  private static final Backend DNS =
      Backend.resolveAll("http://backend:9001", 3, Duration.ofSeconds(5));
  private static final Backend WEB =
      Backend.service(new ServiceRef("web", PortRef.named("http")), null);

  /** A source whose endpoints the test sets. */
  private static final class SetSource implements EndpointSource {
    volatile List<Endpoint> endpoints = List.of();
    Runnable changed;
    boolean closed;

    @Override
    public void start(Runnable changed) {
      this.changed = changed;
    }

    @Override
    public List<Endpoint> endpoints() {
      return endpoints;
    }

    @Override
    public void close() {
      closed = true;
    }

    void set(Endpoint... now) {
      endpoints = List.of(now);
      changed.run();
    }
  }

  private final Map<Backend, SetSource> sources = new HashMap<>();
  private final List<Backend> created = new ArrayList<>();
  private final AtomicInteger changes = new AtomicInteger();
  private final DynamicBackends dynamic =
      new DynamicBackends(
          b -> {
            created.add(b);
            return sources.computeIfAbsent(b, x -> new SetSource());
          },
          changes::incrementAndGet);

  private SetSource source(Backend backend) {
    return sources.get(key(backend));
  }

  private static Backend key(Backend b) {
    return new Backend(b.url(), null, b.service(), b.resolve(), b.resolveInterval());
  }

  @Test
  void aDynamicBackendBecomesOneBackendPerEndpointWithItsWeight() {
    Backend fixed = Backend.of("http://legacy:8080");
    dynamic.update(List.of(fixed, DNS));
    source(DNS).set(Endpoint.ready("10.0.0.1", 9001), Endpoint.ready("10.0.0.2", 9001));

    assertThat(dynamic.expand(List.of(fixed, DNS)))
        .containsExactly(
            fixed, new Backend("http://10.0.0.1:9001", 3), new Backend("http://10.0.0.2:9001", 3));
    assertThat(changes).hasValue(1);
  }

  @Test
  void terminatingEndpointsServeOnlyWhenNoneIsReady() {
    dynamic.update(List.of(WEB));
    Endpoint ready = new Endpoint("10.0.0.1", 8080, "web-1", "a", Readiness.READY);
    Endpoint leaving = new Endpoint("10.0.0.2", 8080, "web-2", "a", Readiness.TERMINATING);
    Endpoint starting = new Endpoint("10.0.0.3", 8080, "web-3", "b", Readiness.NOT_READY);

    source(WEB).set(ready, leaving, starting);
    assertThat(dynamic.expand(List.of(WEB)))
        .containsExactly(new Backend("http://10.0.0.1:8080", 1));

    source(WEB).set(leaving, starting);
    assertThat(dynamic.expand(List.of(WEB)))
        .containsExactly(new Backend("http://10.0.0.2:8080", 1));

    source(WEB).set(starting);
    assertThat(dynamic.expand(List.of(WEB))).isEmpty();
  }

  @Test
  void anAddressTwoBackendsShareIsOneBackendTheFirstOne() {
    Backend fixed = new Backend("http://10.0.0.1:9001", 5);
    dynamic.update(List.of(fixed, DNS));
    source(DNS).set(Endpoint.ready("10.0.0.1", 9001), Endpoint.ready("::1", 9001));

    assertThat(dynamic.expand(List.of(fixed, DNS)))
        .containsExactly(fixed, new Backend("http://[::1]:9001", 3));
  }

  @Test
  void aWeightChangeKeepsTheSourceARemovedBackendClosesIt() {
    dynamic.update(List.of(DNS, WEB));
    SetSource dns = source(DNS);
    Backend heavier = Backend.resolveAll("http://backend:9001", 7, Duration.ofSeconds(5));

    dynamic.update(List.of(heavier));

    assertThat(created).hasSize(2);
    assertThat(dns.closed).isFalse();
    assertThat(source(WEB).closed).isTrue();
    dns.set(Endpoint.ready("10.0.0.1", 9001));
    assertThat(dynamic.expand(List.of(heavier)))
        .containsExactly(new Backend("http://10.0.0.1:9001", 7));
  }

  @Test
  void aClosedSourceAnnouncesNothing() {
    dynamic.update(List.of(DNS));
    SetSource dns = source(DNS);
    dynamic.update(List.of());

    dns.set(Endpoint.ready("10.0.0.1", 9001));

    assertThat(changes).hasValue(0);
  }
}
