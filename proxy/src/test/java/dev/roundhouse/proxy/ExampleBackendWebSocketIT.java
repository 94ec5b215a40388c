package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import dev.roundhouse.proxy.testing.WebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example backend's {@code /ws} through a proxy process, as {@code scripts/run-local.sh} runs
 * them: WebSockets are balanced like requests, and each is an echo of the backend it landed on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleBackendWebSocketIT {

  private BackendProcess one;
  private BackendProcess two;
  private ProxyProcess proxy;

  @BeforeAll
  void start() {
    one = BackendProcess.start(1);
    two = BackendProcess.start(2);
    LoadBalancerConfig config = ProxyProcess.configFor(List.of(one.url(), two.url()));
    AdminClient admin = new AdminClient(config.metrics().port());
    proxy = ProxyProcess.builder().config(config).readyWhen(p -> admin.readyz() == 200).start();
  }

  @AfterAll
  void stop() {
    proxy.close();
    two.close();
    one.close();
  }

  @Test
  void websocketsAreBalancedAndEachEchoesThroughTheProxy() throws Exception {
    List<String> greetings = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (WebSocketClient socket = WebSocketClient.connect(proxy.port(), "/ws")) {
        String greeting = socket.nextText(Duration.ofSeconds(10));
        assertThat(greeting).contains("\"path\":\"/ws\"").contains("\"xRequestId\":\"");
        greetings.add(greeting.substring(0, greeting.indexOf(',')));
        assertThat(socket.exchange("hello " + i)).isEqualTo("hello " + i);
      }
    }

    assertThat(greetings).containsExactlyInAnyOrder("{\"id\":\"1\"", "{\"id\":\"2\"");
  }
}
