package dev.roundhouse.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsEndpointSourceTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<String[]> answer = new AtomicReference<>();
  private final AtomicInteger changes = new AtomicInteger();
  private final DnsEndpointSource source =
      new DnsEndpointSource(
          "backend",
          9001,
          Duration.ofMillis(20),
          timer,
          host -> {
            String[] addresses = answer.get();
            if (addresses == null) {
              throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < out.length; i++) {
              out[i] = InetAddress.getByName(addresses[i]);
            }
            return out;
          });

  @AfterEach
  void stop() {
    source.close();
    timer.shutdownNow();
  }

  @Test
  void everyAddressIsAnEndpointInAStableOrderAndAChangeIsAnnouncedOnce() {
    answer.set(new String[] {"10.0.0.3", "10.0.0.2", "10.0.0.3"});
    source.start(changes::incrementAndGet);

    assertThat(source.endpoints())
        .containsExactly(Endpoint.ready("10.0.0.2", 9001), Endpoint.ready("10.0.0.3", 9001));
    assertThat(changes).as("the first set is no change").hasValue(0);

    answer.set(new String[] {"10.0.0.2", "10.0.0.4", "10.0.0.3"});
    await().untilAsserted(() -> assertThat(source.endpoints()).hasSize(3));
    // Many lookups later, still one change.
    await().pollDelay(Duration.ofMillis(200)).untilAsserted(() -> assertThat(changes).hasValue(1));
  }

  @Test
  void aFailedLookupKeepsTheLastSet() {
    answer.set(new String[] {"10.0.0.2"});
    source.start(changes::incrementAndGet);

    answer.set(null);
    await().pollDelay(Duration.ofMillis(200)).until(() -> true);

    assertThat(source.endpoints()).containsExactly(Endpoint.ready("10.0.0.2", 9001));
    assertThat(changes).hasValue(0);
  }

  @Test
  void aNameThatDoesNotResolveAtStartHasNoEndpointsUntilItDoes() {
    source.start(changes::incrementAndGet);
    assertThat(source.endpoints()).isEmpty();

    answer.set(new String[] {"10.0.0.2"});

    await().untilAsserted(() -> assertThat(changes).hasValue(1));
    assertThat(source.endpoints()).containsExactly(Endpoint.ready("10.0.0.2", 9001));
  }
}
