package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.Limits;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.FreePorts;
import dev.roundhouse.backend.testing.RawHttp;
import dev.roundhouse.proxy.testing.AdminClient;
import dev.roundhouse.proxy.testing.ProxyProcess;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Connection floods against a proxy process with connection limits: a frontend capped at 2
 * connections, 4 in all, 3 per client address. Past a limit a newcomer is not served until a
 * connection closes, and then it is; past the per-client limit it is closed at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionLimitsIT {

  private BackendProcess backend;
  private ProxyProcess proxy;
  private AdminClient admin;
  private int capped;
  private int open;
  private final List<RawHttp> clients = new ArrayList<>();

  @BeforeAll
  void start() {
    backend = BackendProcess.start(1);
    capped = FreePorts.next();
    open = FreePorts.next();
    int adminPort = FreePorts.next();
    LoadBalancerConfig config =
        LoadBalancerConfig.builder()
            .frontends(List.of(new Frontend(capped, "capped", 2), new Frontend(open, "open")))
            .backends(List.of(Backend.of(backend.url())))
            .limits(new Limits(4, 3))
            .metrics(new Metrics(null, adminPort))
            .build();
    admin = new AdminClient(adminPort);
    // Ready: both frontends are bound, not only the first.
    proxy = ProxyProcess.builder().config(config).readyWhen(p -> admin.readyz() == 200).start();
  }

  @AfterEach
  void closeClients() throws Exception {
    for (RawHttp client : clients) {
      client.close();
    }
    clients.clear();
    await().until(() -> admin.metrics().sum("roundhouse_frontend_connections_active") == 0);
    await().until(() -> admin.metrics().sum("roundhouse_frontend_accept_paused") == 0);
  }

  @AfterAll
  void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void aFrontendAtItsMaxConnectionsServesTheNextOneOnlyWhenOneCloses() throws Exception {
    RawHttp first = servedClient(capped, null);
    servedClient(capped, null);
    await().until(() -> paused("capped") == 1);
    assertThat(paused("open")).isZero();

    RawHttp waiting = connect(capped, null);
    waiting.send(RawHttp.getRequest("/"));
    assertNotAnsweredYet(waiting);

    first.close();
    assertThat(waiting.read(false).status()).isEqualTo(200);
  }

  @Test
  void theGlobalMaxConnectionsHoldsAcrossFrontends() throws Exception {
    // Each from its own address, to stay clear of the per-client limit.
    RawHttp first = servedClient(open, InetAddress.getByName("127.0.0.11"));
    for (int i = 2; i <= 4; i++) {
      servedClient(open, InetAddress.getByName("127.0.0.1" + i));
    }
    await().until(() -> paused("open") == 1);

    // Its own limit is not reached, the global one is.
    RawHttp waiting = connect(capped, InetAddress.getByName("127.0.0.15"));
    waiting.send(RawHttp.getRequest("/"));
    assertNotAnsweredYet(waiting);

    first.close();
    assertThat(waiting.read(false).status()).isEqualTo(200);
  }

  @Test
  void aClientPastMaxConnectionsPerClientIsClosedAtOnce() throws Exception {
    InetAddress greedy = InetAddress.getByName("127.0.0.2");
    double rejectedBefore = rejected();
    for (int i = 0; i < 3; i++) {
      servedClient(open, greedy);
    }

    RawHttp fourth = connect(open, greedy);
    assertThat(fourth.closedByServer(10_000)).isTrue();
    await().until(() -> rejected() == rejectedBefore + 1);

    // Another address is served meanwhile.
    servedClient(open, InetAddress.getByName("127.0.0.3"));
  }

  private RawHttp servedClient(int port, InetAddress from) throws Exception {
    RawHttp client = connect(port, from);
    assertThat(client.get("/").status()).isEqualTo(200);
    return client;
  }

  private RawHttp connect(int port, InetAddress from) throws Exception {
    RawHttp client = RawHttp.connect(port, from);
    clients.add(client);
    return client;
  }

  /** Nothing comes back for a second: the request waits in the backlog, unread. */
  private static void assertNotAnsweredYet(RawHttp client) throws Exception {
    client.socket().setSoTimeout(1000);
    assertThatThrownBy(() -> client.socket().getInputStream().read())
        .isInstanceOf(SocketTimeoutException.class);
    client.socket().setSoTimeout(30_000);
  }

  private double paused(String frontend) {
    return admin.metrics().sum("roundhouse_frontend_accept_paused", "frontend", frontend);
  }

  private double rejected() {
    return admin
        .metrics()
        .sum("roundhouse_connections_rejected_total", "frontend", "open", "reason", "per_client");
  }
}
