package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.observe.TunnelSummary;
import dev.roundhouse.proxy.observe.UpgradeResult;
import dev.roundhouse.proxy.routing.RoutingTable;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way through the proxy, from its headers to the last byte of its response. It
 * decides; the two connections do the work: the {@link ClientLink} reads the request and writes the
 * response, the {@link BackendLink} writes the request and reads the response.
 *
 * <p>It picks a backend and takes a connection to it ({@link #start}), trying other backends when a
 * connection cannot be made; takes the request body as the client connection pumps it ({@link
 * #sendBody}); relays the response that the backend link hands it; and ends exactly once: the
 * backend connection goes back to the pool or closes, the client gets the response's end, an error
 * response or a closed connection, and the {@link Exchange} is reported ({@link #record}). A
 * request the frontend turned away ends the same way, without a backend ({@link #reject}).
 *
 * <p>A failure before the response started becomes an error response with the status of its {@link
 * FailureKind}; after, the client connection is closed, so a cut response never looks complete. A
 * request is sent again only when none of its bytes can have reached a backend (the connection was
 * never made), or when it is idempotent and has no body and got no answer at all: on a fresh
 * connection to the same backend when its pooled one turned out to be closed, else to another
 * backend.
 *
 * <p>A request offering an upgrade the config allows (a WebSocket handshake, {@link UpgradeOffer})
 * is forwarded with its {@code Upgrade}. A {@code 101} that takes it up ends the exchange as a
 * {@link Tunnel} between the two connections, which each switch their own channel; the tunnel
 * counts as in flight on its backend until it closes, and the exchange is reported then. Any other
 * answer is relayed as usual.
 *
 * <p>All methods run on the client connection's event loop.
 */
public final class ProxyExchange {

  private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

  /** Stale pooled connections tried in a row before the request is failed. */
  private static final int MAX_STALE_RETRIES = 3;

  private final ForwardingContext services;
  private final ClientLink client;
  private final ClientInfo clientInfo;
  private final HttpRequest request;
  private final RoutingTable table;
  private final long startMillis = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();
  private final String method;
  private final String path;
  private final String requestId;
  private final boolean head;
  private final boolean clientKeepAlive;

  private final DeadlineTimer timer;
  private final ConnectAttempts attempts;
  private final ResponseStream response;

  private boolean replayable;
  private boolean bodiless;
  private boolean hostless;
  private @Nullable String upgrade;
  private long switchedNanos;
  private @Nullable BackendLink link;
  private boolean reusedConnection;
  private int staleRetries;
  private boolean requestComplete;
  private boolean closeRequested;
  private boolean finished;
  private boolean timerArmed;

  /**
   * An exchange for {@code request}. Nothing happens until {@link #start} (or {@link #reject}), so
   * that the caller holds the exchange before any callback can reach it.
   *
   * @param timer the request timer of the client connection, free for this exchange to arm
   */
  public ProxyExchange(
      ForwardingContext services,
      ClientLink client,
      ClientInfo clientInfo,
      HttpRequest request,
      DeadlineTimer timer) {
    this.services = requireNonNull(services, "services");
    this.timer = requireNonNull(timer, "timer");
    this.client = requireNonNull(client, "client");
    this.clientInfo = requireNonNull(clientInfo, "clientInfo");
    this.request = requireNonNull(request, "request");
    this.table = services.routing().current();
    this.method = request.method().name();
    this.path = request.uri();
    this.requestId = RequestIds.of(request);
    this.head = HttpMethod.HEAD.equals(request.method());
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    this.response =
        new ResponseStream(
            client, requestId, head, HttpVersion.HTTP_1_0.equals(request.protocolVersion()));
    this.attempts =
        new ConnectAttempts(
            services,
            table,
            clientInfo.address(),
            client.eventLoop(),
            requestId,
            new AttemptOutcome());
  }

  /**
   * Starts forwarding a request that passed the frontend's checks: picks a backend and connects.
   * The body follows through {@link #sendBody} once {@link #readyForBody} says so. It may end at
   * once (no healthy backend, a refused local connection), before this returns.
   */
  public void start() {
    bodiless = Idempotency.bodiless(request);
    replayable = Idempotency.replayable(request.method(), bodiless);
    upgrade = UpgradeOffer.of(request, table.upgrades(), bodiless);
    HeaderRewriter.rewriteRequest(request, clientInfo, requestId);
    if (upgrade != null) {
      UpgradeOffer.offer(request, upgrade);
    }
    hostless = !request.headers().contains(HttpHeaderNames.HOST);
    attempts.start(request.headers());
  }

  /**
   * The request's end was read with its head: it has no body, and the backend gets head and end as
   * one message. Call before {@link #start}; {@link #sendBody} is not called then.
   */
  public void endedWithHead() {
    requestComplete = true;
  }

  /**
   * Answers a request the frontend turned away ({@code kind} says why) with its error response,
   * after which the connection closes: what follows of the request cannot be trusted.
   */
  public void reject(FailureKind kind) {
    closeRequested = true;
    fail(kind);
  }

  // ---- connected, or not --------------------------------------------------------------------

  /** How the connect attempts end for this exchange. */
  private final class AttemptOutcome implements ConnectAttempts.Outcome {
    @Override
    public void connected(Channel channel, boolean reused) {
      bind(channel, reused);
    }

    @Override
    public void failed(FailureKind kind) {
      fail(kind);
    }

    @Override
    public boolean abandoned() {
      return finished;
    }
  }

  private void bind(Channel channel, boolean reused) {
    if (hostless) {
      // An HTTP/1.0 client may send no Host; the backend gets HTTP/1.1, which requires one.
      HeaderRewriter.defaultHost(request, attempts.backend().backend());
    }
    link = BackendLink.of(channel);
    reusedConnection = reused;
    // Sending again on a fresh connection: the request has no body, only its end.
    link.start(this, client, request, requestComplete);
    if (requestComplete) {
      startTimer();
    }
    client.pumpBody();
  }

  // ---- the request body -------------------------------------------------------------------

  /** Whether a body part from the client can be sent now: connected, and the backend keeps up. */
  public boolean readyForBody() {
    return !finished && !requestComplete && link != null && link.writable();
  }

  /** Whether a backend connection is in use (else it is still being made, or none will be). */
  public boolean connected() {
    return link != null;
  }

  /**
   * Whether the request offers the backend a protocol switch: until it is answered, the client's
   * next bytes may be of the new protocol, and are not read.
   */
  public boolean upgradeOffered() {
    return upgrade != null && !finished;
  }

  /** Whether the client has sent the whole request. */
  public boolean requestComplete() {
    return requestComplete;
  }

  /** Sends a part of the request body to the backend; call only when {@link #readyForBody}. */
  public void sendBody(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      log.debug("request {}: malformed body: {}", requestId, content.decoderResult().cause());
      failOrAbort(FailureKind.BAD_REQUEST);
      return;
    }
    link.send(content);
    if (content instanceof LastHttpContent) {
      requestComplete = true;
      startTimer();
    }
  }

  /**
   * Sends what was written to the backend with the loop's other requests of this turn; the client
   * connection calls it after each read.
   */
  public void flushBackend() {
    if (link != null && !finished) {
      link.flushSoon();
    }
  }

  /** The backend drained its write buffer: take more of the body. */
  void onBackendWritable() {
    if (!finished && !requestComplete) {
      client.pumpBody();
    }
  }

  private void startTimer() {
    if (!timerArmed && !finished) {
      timerArmed = true;
      timer.arm(table.timeouts().request(), this::timedOut);
    }
  }

  private void timedOut() {
    if (finished) {
      return;
    }
    log.debug(
        "request {}: {} did not answer within {}",
        requestId,
        attempts.backend().address(),
        table.timeouts().request());
    services.observer().backendFailed(attempts.backend(), FailureKind.RESPONSE_TIMEOUT);
    failOrAbort(FailureKind.RESPONSE_TIMEOUT);
  }

  // ---- the response -----------------------------------------------------------------------

  /** The backend sent a response head (an interim 1xx or the final one). */
  void onResponseHead(HttpResponse responseHead) {
    if (responseHead.decoderResult().isFailure()) {
      badResponse(responseHead.decoderResult().cause());
      return;
    }
    if (responseHead.status().code() == 101) {
      if (upgrade == null || !requestComplete) {
        badResponse(new IllegalStateException("101 Switching Protocols, but no upgrade was asked"));
      } else if (!UpgradeOffer.acceptedBy(responseHead, upgrade)) {
        badResponse(new IllegalStateException("101 Switching Protocols to a protocol not offered"));
      } else {
        switchProtocols(responseHead);
      }
      return;
    }
    // A response that comes before the whole request (an early 413, an answer to Expect without
    // 100) ends the exchange: what is left of the body is never read, so the connection closes.
    boolean close = closeRequested || !clientKeepAlive || !requestComplete;
    if (responseHead.status().code() >= 200) {
      attempts.answered(responseHead); // the balancing policies learn of it; may add a cookie
    }
    if (response.head(responseHead, close)) {
      services.observer().backendResponded(attempts.backend());
    }
  }

  /** The backend sent a part of the response body, or its end. */
  void onResponseContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      badResponse(content.decoderResult().cause());
      return;
    }
    LastHttpContent last = response.content(content);
    if (last != null) {
      responseComplete(last);
    }
  }

  /** The backend's response broke HTTP in a way its codec lets through. */
  void onInvalidResponse(Throwable cause) {
    if (!finished) {
      link = null; // closed by the link
      badResponse(cause);
    }
  }

  /** A read of the backend ended: what it brought goes to the client now. */
  void onResponseReadComplete() {
    if (!finished) {
      response.sendHead();
    }
  }

  /** The client drained its write buffer. */
  public void clientWritable() {
    if (!finished && link != null) {
      link.clientWritable();
    }
  }

  /**
   * The backend connection closed, or failed, while this exchange used it, before the response was
   * complete.
   */
  void onBackendClosed() {
    if (finished) {
      return;
    }
    link = null;
    if (!response.started() && replayable) {
      if (reusedConnection && staleRetries < MAX_STALE_RETRIES) {
        // A pooled connection the backend had already closed: nothing was processed that a safe,
        // bodiless request could not repeat. Not the backend's fault either.
        staleRetries++;
        log.debug(
            "request {}: pooled connection to {} was closed, retrying",
            requestId,
            attempts.backend());
        attempts.again();
        return;
      }
      // No answer at all on a connection that was good (a backend going away, or one that broke
      // on this request): the client has seen nothing and the request may be repeated (RFC 9110
      // 9.2.2), so another backend gets it, as nginx's proxy_next_upstream does for such requests.
      log.debug(
          "request {}: {} closed the connection before answering, trying another backend",
          requestId,
          attempts.backend().address());
      services.observer().backendFailed(attempts.backend(), FailureKind.BACKEND_RESET);
      attempts.elsewhere(FailureKind.BACKEND_RESET);
      return;
    }
    log.debug("request {}: {} closed the connection", requestId, attempts.backend().address());
    services.observer().backendFailed(attempts.backend(), FailureKind.BACKEND_RESET);
    failOrAbort(FailureKind.BACKEND_RESET);
  }

  private void badResponse(Throwable cause) {
    log.debug(
        "request {}: invalid response from {}: {}", requestId, attempts.backend().address(), cause);
    services.observer().backendFailed(attempts.backend(), FailureKind.BAD_RESPONSE);
    failOrAbort(FailureKind.BAD_RESPONSE);
  }

  /**
   * The backend took up the upgrade: the 101 goes to the client, and both connections become the
   * two ends of a tunnel. The exchange is over but for its report, which waits for the tunnel.
   */
  private void switchProtocols(HttpResponse switching) {
    finished = true;
    if (timerArmed) {
      timer.disarm();
    }
    switchedNanos = System.nanoTime();
    BackendLink backendEnd = link;
    link = null;
    response.switchProtocols(switching);
    services.observer().backendResponded(attempts.backend());
    services.observer().upgradeAnswered(UpgradeResult.SWITCHED);
    log.debug(
        "request {}: {} switched to {}, tunnelling",
        requestId,
        attempts.backend().address(),
        switching.headers().get(HttpHeaderNames.UPGRADE));
    Tunnel tunnel = new Tunnel(client.eventLoop(), table.timeouts().tunnel(), this::tunnelClosed);
    tunnel.start(client.tunnel(tunnel), backendEnd.tunnel(tunnel));
  }

  private void tunnelClosed(TunnelSummary tunnel) {
    attempts.release();
    record(null, response.status(), 0, tunnel);
  }

  // ---- the client side --------------------------------------------------------------------

  /** The client connection closed: stop, and free the backend connection. */
  public void clientClosed() {
    if (!end()) {
      return;
    }
    dropBackend();
    record(FailureKind.CLIENT_CLOSED, response.started() ? response.status() : 499, 0);
  }

  /**
   * The client sent no request body for {@code timeouts.requestBody} with this exchange in flight:
   * the upload has stalled. If the backend is not reading it, the backend is at fault (504), else
   * the client (408). While the response is due, the request timeout governs and this is ignored.
   */
  public void clientIdle() {
    if (finished || requestComplete) {
      return;
    }
    boolean backendStalled = link != null && !link.writable();
    failOrAbort(backendStalled ? FailureKind.RESPONSE_TIMEOUT : FailureKind.CLIENT_TIMEOUT);
  }

  /**
   * Closes the client connection after this exchange, saying so if the response has not started.
   */
  public void closeAfterResponse() {
    closeRequested = true;
  }

  // ---- ending -----------------------------------------------------------------------------

  private void responseComplete(LastHttpContent last) {
    if (!end()) {
      last.release();
      return;
    }
    // A backend a reload removed finishes this request, but keeps no connection for later ones.
    boolean reusable =
        response.backendKeepAlive() && requestComplete && !attempts.backend().retired();
    if (reusable) {
      link.release(services.pool());
    } else {
      link.close();
    }
    link = null;
    client.end(last, !response.closeClient() && requestComplete && !closeRequested);
    record(null, response.status(), 0);
  }

  private void failOrAbort(FailureKind kind) {
    if (response.started()) {
      abort(kind);
    } else {
      fail(kind);
    }
  }

  /**
   * Fails the exchange before any response was sent: the client gets the status of {@code kind}.
   */
  private void fail(FailureKind kind) {
    if (!end()) {
      return;
    }
    dropBackend();
    // A request without a body is over once its head is read: the client connection drops the
    // end marker still queued and can go on. Unread body would have to be drained; we close.
    boolean keepAlive = (requestComplete || bodiless) && clientKeepAlive && !closeRequested;
    long errorBytes = client.fail(kind, requestId, head, keepAlive);
    record(kind, kind.status(), errorBytes);
  }

  /** Fails the exchange after its response started: only closing tells the client. */
  private void abort(FailureKind kind) {
    if (!end()) {
      return;
    }
    dropBackend();
    client.abort();
    record(kind, response.status(), 0);
  }

  private void dropBackend() {
    if (link != null) {
      link.close();
      link = null;
    }
  }

  /** Marks the exchange finished, once: false if it was already. */
  private boolean end() {
    if (finished) {
      return false;
    }
    finished = true;
    if (timerArmed) {
      timer.disarm();
    }
    attempts.release();
    return true;
  }

  /**
   * Reports the finished exchange: the one place its {@link Exchange} record is made.
   *
   * @param errorBytes the body of the proxy's own error response, if it sent one
   */
  private void record(@Nullable FailureKind failure, int sentStatus, long errorBytes) {
    if (upgrade != null) {
      services
          .observer()
          .upgradeAnswered(failure == null ? UpgradeResult.REFUSED : UpgradeResult.FAILED);
    }
    record(failure, sentStatus, errorBytes, null);
  }

  private void record(
      @Nullable FailureKind failure,
      int sentStatus,
      long errorBytes,
      @Nullable TunnelSummary tunnel) {
    BackendState backend = attempts.backend();
    services
        .observer()
        .exchangeCompleted(
            new Exchange(
                startMillis,
                clientInfo.frontend(),
                clientInfo.ip(),
                method,
                path,
                sentStatus,
                backend == null || failure == FailureKind.NO_HEALTHY_BACKEND
                    ? Exchange.NO_BACKEND
                    : backend.address(),
                (tunnel != null ? switchedNanos : System.nanoTime()) - startNanos,
                response.started() ? response.bytesSent() : errorBytes,
                requestId,
                failure,
                tunnel));
  }
}
