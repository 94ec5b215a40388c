package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.Limits;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.proxy.routing.RoutingTable;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The connection counts against the limits of the config in force. */
class ConnectionBudgetTest {

  private final AtomicReference<RoutingTable> table = new AtomicReference<>();
  private final ConnectionBudget budget = new ConnectionBudget(table::get);

  @Test
  void aFrontendsOwnLimitAndTheGlobalOneEachStopTakes() {
    use(new Limits(3, null), 2);
    assertThat(budget.take(8080)).isTrue();
    assertThat(budget.take(8080)).isTrue();
    assertThat(budget.take(8080)).as("frontend 8080 at its 2").isFalse();
    assertThat(budget.take(8081)).isTrue();
    assertThat(budget.hasRoom(8081)).as("3 in all").isFalse();

    budget.release(8080);
    assertThat(budget.hasRoom(8080)).isTrue();
    assertThat(budget.take(8081)).isTrue();
    assertThat(budget.total()).isEqualTo(3);
  }

  @Test
  void aRaisedLimitGivesRoomAtOnce() {
    use(new Limits(1, null), null);
    assertThat(budget.take(8081)).isTrue();
    assertThat(budget.hasRoom(8081)).isFalse();
    use(new Limits(2, null), null);
    assertThat(budget.hasRoom(8081)).isTrue();
  }

  @Test
  void noLimitsNoBounds() {
    use(Limits.DEFAULTS, null);
    for (int i = 0; i < 10_000; i++) {
      assertThat(budget.take(8080)).isTrue();
    }
  }

  @Test
  void eachClientAddressHasItsOwnCount() throws Exception {
    use(new Limits(null, 2), null);
    InetAddress one = InetAddress.getByName("10.0.0.1");
    InetAddress two = InetAddress.getByName("10.0.0.2");
    assertThat(budget.admitClient(one)).isTrue();
    assertThat(budget.admitClient(one)).isTrue();
    assertThat(budget.admitClient(one)).isFalse();
    assertThat(budget.admitClient(two)).isTrue();

    budget.releaseClient(one);
    assertThat(budget.admitClient(one)).isTrue();
  }

  private void use(Limits limits, Integer capOf8080) {
    LoadBalancerConfig config =
        LoadBalancerConfig.builder()
            .frontends(List.of(new Frontend(8080, null, capOf8080), Frontend.onPort(8081)))
            .backends(List.of(Backend.of("http://b:1")))
            .limits(limits)
            .build();
    table.set(RoutingTable.of(config, table.get(), Instant.now()));
  }
}
