package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.balance.SessionAffinity;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.SessionRouting;
import dev.roundhouse.proxy.routing.RoutingTable;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding a backend connection for one request: pick a backend, take a pooled connection to it or
 * open one, and when a connection cannot be made, try another backend, up to {@code retries} more.
 * Nothing of the request has been sent when a connection fails, so trying elsewhere is always safe;
 * the exchange also tries elsewhere ({@link #elsewhere}) when a request it may send again got no
 * answer at all. The request counts as in flight on the backend being tried, from the pick until
 * {@link #release}.
 */
final class ConnectAttempts {

  private static final Logger log = LoggerFactory.getLogger(ConnectAttempts.class);

  /** What the attempts report to their exchange. */
  interface Outcome {
    /**
     * A connection to {@link #backend()} is ready for the request: a pooled one ({@code reused}),
     * which the backend may have closed meanwhile, or a new one.
     */
    void connected(Channel channel, boolean reused);

    /** No connection: no backend is available, or every one tried failed ({@code kind}). */
    void failed(FailureKind kind);

    /** Whether the exchange has ended meanwhile, so a late connection goes back unused. */
    boolean abandoned();
  }

  private final ForwardingContext services;
  private final RoutingTable table;
  private final InetAddress client;
  private final EventLoop loop;
  private final String requestId;
  private final Outcome outcome;

  /** The backends that failed this request, for the next pick to avoid; made at the first retry. */
  private List<BackendState> failed = List.of();

  private int picks;
  private @Nullable String sessionKey;
  private @Nullable BackendState backend;
  private long pickedNanos;
  private boolean counted;

  ConnectAttempts(
      ForwardingContext services,
      RoutingTable table,
      InetAddress client,
      EventLoop loop,
      String requestId,
      Outcome outcome) {
    this.services = requireNonNull(services, "services");
    this.table = requireNonNull(table, "table");
    this.client = requireNonNull(client, "client");
    this.loop = requireNonNull(loop, "loop");
    this.requestId = requireNonNull(requestId, "requestId");
    this.outcome = requireNonNull(outcome, "outcome");
  }

  /**
   * Picks the first backend and connects: the one the request's session is bound to, if any (see
   * {@link SessionAffinity}), else the algorithm's choice.
   */
  void start(HttpHeaders request) {
    sessionKey = table.affinity().key(request);
    table.retryBudget().requestStarted();
    next(null);
  }

  /**
   * The final response head from {@link #backend()} arrived: binds the client's session to the
   * backend (a {@code Set-Cookie} may be added to {@code response}), counts its status (outlier
   * detection) and, for a balancer that weighs them, its response time.
   */
  void answered(HttpResponse response) {
    if (table.balancer().weighsResponseTimes()) {
      backend.responseTime().observe(System.nanoTime() - pickedNanos);
    }
    services.observer().backendAnswered(backend, response.status().code());
    SessionRouting routing = table.affinity().bind(response.headers(), sessionKey, backend);
    if (routing != null) {
      services.observer().sessionRouted(routing);
    }
  }

  /** The backend picked last (null before the first pick, or when none was available). */
  @Nullable BackendState backend() {
    return backend;
  }

  /**
   * Takes another connection to the same backend: the pooled one turned out to be closed before the
   * request got any answer.
   */
  void again() {
    acquire();
  }

  /**
   * Tries another backend after the connection to {@link #backend()} failed with {@code kind}
   * before the request got any answer, when the request may be sent again: as for a connection that
   * could not be made, up to {@code retries} other backends, then {@code kind} is reported.
   */
  void elsewhere(FailureKind kind) {
    release();
    if (picks <= table.retries()) {
      next(kind);
    } else {
      outcome.failed(kind);
    }
  }

  /** The request is done with its backend: it no longer counts as in flight there. */
  void release() {
    if (counted) {
      counted = false;
      backend.requestFinished();
    }
  }

  private void next(FailureKind previousFailure) {
    if (previousFailure != null && !table.retryBudget().tryRetry()) {
      log.debug("request {}: the retry budget is spent; not retrying", requestId);
      services.observer().retryRefused(backend);
      outcome.failed(previousFailure);
      return;
    }
    if (previousFailure != null) {
      if (failed.isEmpty()) {
        failed = new ArrayList<>(2);
      }
      failed.add(backend);
    }
    BackendState next = table.affinity().target(sessionKey, failed);
    if (next == null) {
      next = table.balancer().pick(client, failed);
    }
    if (next == null) {
      outcome.failed(previousFailure == null ? FailureKind.NO_HEALTHY_BACKEND : previousFailure);
      return;
    }
    if (previousFailure != null) {
      services.observer().retried(backend);
    }
    backend = next;
    picks++;
    next.requestStarted();
    if (table.balancer().weighsResponseTimes()) {
      pickedNanos = System.nanoTime();
    }
    counted = true;
    acquire();
  }

  private void acquire() {
    Channel pooled = services.pool().takeIdle(backend, loop);
    if (pooled != null) {
      ready(pooled, true);
      return;
    }
    Future<Channel> connecting = services.pool().connect(backend, loop, table.timeouts().connect());
    if (connecting.isDone()) {
      connectDone(connecting);
    } else {
      connecting.addListener(f -> connectDone(connecting));
    }
  }

  private void connectDone(Future<Channel> connecting) {
    if (connecting.isSuccess()) {
      ready(connecting.getNow(), false);
      return;
    }
    if (outcome.abandoned()) {
      return;
    }
    FailureKind kind =
        connecting.cause() instanceof ConnectTimeoutException
            ? FailureKind.CONNECT_TIMEOUT
            : FailureKind.CONNECT_FAILED;
    log.debug(
        "request {}: cannot connect to {}: {}", requestId, backend.address(), connecting.cause());
    services.observer().backendFailed(backend, kind);
    elsewhere(kind);
  }

  private void ready(Channel channel, boolean reused) {
    if (outcome.abandoned()) {
      if (backend.retired()) {
        channel.close();
      } else {
        services.pool().release(channel); // unused, so still clean
      }
      return;
    }
    outcome.connected(channel, reused);
  }
}
