package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.backend.BackendState;
import dev.roundhouse.proxy.observe.Exchange;
import dev.roundhouse.proxy.observe.FailureKind;
import dev.roundhouse.proxy.pool.Lease;
import dev.roundhouse.proxy.routing.RoutingTable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way through the proxy, from its headers to the last byte of its response.
 *
 * <p>It picks a backend and takes a connection to it ({@link #start}), trying other backends when a
 * connection cannot be made; sends the request head and then the body as the client connection
 * hands it over ({@link #sendBody}); relays the response that the backend connection's {@link
 * ResponseRelay} hands it; and ends exactly once, in {@link #finish}, which returns the backend
 * connection to the pool or closes it, reports the exchange and tells the client connection.
 *
 * <p>A failure before the response started becomes an error response with the status of its {@link
 * FailureKind}; after, the client connection is closed, so a cut response never looks complete. A
 * request is sent again only when none of its bytes can have reached a backend (the connection was
 * never made), or when it is idempotent and has no body and its pooled connection turned out to be
 * closed.
 *
 * <p>All methods run on the client connection's event loop.
 */
public final class ProxyExchange {

  private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

  /** Stale pooled connections tried in a row before the request is failed. */
  private static final int MAX_STALE_RETRIES = 3;

  private final ForwardServices services;
  private final ClientSide clientSide;
  private final Channel client;
  private final ClientInfo clientInfo;
  private final HttpRequest request;
  private final RoutingTable table;
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final String method;
  private final String path;
  private final String requestId;
  private final boolean head;
  private final boolean http10;
  private final boolean clientKeepAlive;
  private final boolean replayable;
  private final boolean bodiless;

  private final List<BackendState> tried = new ArrayList<>(2);
  private BackendState backend;
  private boolean counted;
  private Channel backendChannel;
  private ResponseRelay relay;
  private boolean reusedConnection;
  private int staleRetries;

  private boolean requestComplete;
  private boolean interim;
  private boolean responseStarted;
  private boolean backendKeepAlive;
  private boolean closeClient;
  private boolean closeRequested;
  private boolean backendReadPaused;
  private boolean finished;
  private int status;
  private long bytesSent;
  private final DeadlineTimer timer;
  private boolean timerArmed;

  private ProxyExchange(
      ForwardServices services,
      ClientSide clientSide,
      Channel client,
      ClientInfo clientInfo,
      HttpRequest request,
      DeadlineTimer timer) {
    this.services = requireNonNull(services, "services");
    this.timer = requireNonNull(timer, "timer");
    this.clientSide = requireNonNull(clientSide, "clientSide");
    this.client = requireNonNull(client, "client");
    this.clientInfo = requireNonNull(clientInfo, "clientInfo");
    this.request = requireNonNull(request, "request");
    this.table = services.routing().current();
    this.method = request.method().name();
    this.path = request.uri();
    this.requestId = RequestIds.of(request);
    this.head = HttpMethod.HEAD.equals(request.method());
    this.http10 = HttpVersion.HTTP_1_0.equals(request.protocolVersion());
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    this.replayable = Idempotency.replayable(request);
    this.bodiless = Idempotency.bodiless(request);
  }

  /**
   * An exchange for {@code request}, which has passed the frontend's checks. Nothing happens until
   * {@link #start}, so that the caller holds the exchange before any callback can reach it.
   *
   * @param timer the request timer of the client connection, free for this exchange to arm
   */
  public static ProxyExchange create(
      ForwardServices services,
      ClientSide clientSide,
      Channel client,
      ClientInfo clientInfo,
      HttpRequest request,
      DeadlineTimer timer) {
    return new ProxyExchange(services, clientSide, client, clientInfo, request, timer);
  }

  /**
   * Starts forwarding: picks a backend and connects. The body follows through {@link #sendBody}
   * once {@link #readyForBody} says so. It may end at once (no healthy backend, a refused local
   * connection), calling {@link ClientSide#exchangeDone} before this returns.
   */
  public void start() {
    connectNext(null);
  }

  // ---- picking and connecting -------------------------------------------------------------

  private void connectNext(FailureKind previousFailure) {
    BackendState next = table.balancer().pick(clientInfo.address(), tried);
    if (next == null) {
      fail(previousFailure == null ? FailureKind.NO_HEALTHY_BACKEND : previousFailure);
      return;
    }
    if (previousFailure != null) {
      services.observer().retried(backend);
    }
    if (backend == null) {
      // The first pick: the headers can name it, but must be rewritten only once.
      HeaderRewriter.rewriteRequest(request, clientInfo, requestId, next.backend());
    }
    backend = next;
    tried.add(next);
    next.requestStarted();
    counted = true;
    acquire();
  }

  private void acquire() {
    Future<Lease> lease =
        services.pool().acquire(backend, client.eventLoop(), table.timeouts().connect());
    if (lease.isDone()) {
      connected(lease);
    } else {
      lease.addListener(f -> connected(lease));
    }
  }

  private void connected(Future<Lease> lease) {
    if (finished) {
      // The client went away while we were connecting; the connection is unused and clean.
      if (lease.isSuccess()) {
        services.pool().release(lease.getNow().channel());
      }
      return;
    }
    if (!lease.isSuccess()) {
      FailureKind kind =
          lease.cause() instanceof ConnectTimeoutException
              ? FailureKind.CONNECT_TIMEOUT
              : FailureKind.CONNECT_FAILED;
      log.debug(
          "request {}: cannot connect to {}: {}", requestId, backend.address(), lease.cause());
      uncount();
      services.observer().backendFailed(backend, kind);
      if (tried.size() <= table.retries()) {
        connectNext(kind);
      } else {
        fail(kind);
      }
      return;
    }
    bind(lease.getNow());
  }

  private void bind(Lease lease) {
    backendChannel = lease.channel();
    reusedConnection = lease.reused();
    relay = backendChannel.pipeline().get(ResponseRelay.class);
    relay.bind(this);
    backendChannel.write(request, backendChannel.voidPromise());
    if (requestComplete) {
      // Sending again on a fresh connection: the request has no body, only its end.
      backendChannel.write(LastHttpContent.EMPTY_LAST_CONTENT, backendChannel.voidPromise());
      startTimer();
    }
    backendChannel.flush();
    backendChannel.read();
    clientSide.resumeRequestBody();
  }

  // ---- the request body -------------------------------------------------------------------

  /** Whether a body part from the client can be sent now: connected, and the backend keeps up. */
  public boolean readyForBody() {
    return !finished && !requestComplete && backendChannel != null && backendChannel.isWritable();
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
    boolean last = content instanceof LastHttpContent;
    backendChannel.write(content, backendChannel.voidPromise());
    if (last) {
      requestComplete = true;
      startTimer();
    }
    if (!backendChannel.isWritable()) {
      backendChannel.flush();
    }
  }

  /** Sends what was written to the backend; the client connection calls it after each read. */
  public void flushBackend() {
    if (backendChannel != null && !finished) {
      backendChannel.flush();
    }
  }

  /** The backend drained its write buffer: take more of the body. */
  void onBackendWritable() {
    if (!finished && !requestComplete) {
      clientSide.resumeRequestBody();
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
        backend.address(),
        table.timeouts().request());
    services.observer().backendFailed(backend, FailureKind.RESPONSE_TIMEOUT);
    failOrAbort(FailureKind.RESPONSE_TIMEOUT);
  }

  // ---- the response -----------------------------------------------------------------------

  /** The backend sent a response head (an interim 1xx or the final one). */
  void onResponseHead(HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      badResponse(response.decoderResult().cause());
      return;
    }
    int code = response.status().code();
    if (code == 101) {
      badResponse(
          new IllegalStateException("101 Switching Protocols to a request without Upgrade"));
      return;
    }
    if (code < 200) {
      // 100 Continue and friends: relayed, and the final response follows. HTTP/1.0 clients do
      // not understand them (RFC 9110 section 15.2).
      interim = true;
      if (!http10) {
        HeaderRewriter.rewriteResponse(response, requestId);
        client.write(response, client.voidPromise());
      }
      return;
    }
    responseStarted = true;
    status = code;
    services.observer().backendResponded(backend);
    backendKeepAlive = HttpUtil.isKeepAlive(response);
    boolean bodiless = head || code == 204 || code == 304;
    boolean delimitedByClose =
        !HttpUtil.isTransferEncodingChunked(response) && !HttpUtil.isContentLengthSet(response);
    closeClient = closeRequested || !clientKeepAlive || !requestComplete;
    HeaderRewriter.rewriteResponse(response, requestId);
    if (!bodiless) {
      if (http10 && (delimitedByClose || HttpUtil.isTransferEncodingChunked(response))) {
        // HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection.
        response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        closeClient = true;
      } else if (delimitedByClose) {
        HttpUtil.setTransferEncodingChunked(response, true);
      }
    }
    if (closeClient) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    client.write(response, client.voidPromise());
  }

  /** The backend sent a part of the response body, or its end. */
  void onResponseContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      badResponse(content.decoderResult().cause());
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (interim) {
      content.release();
      if (last) {
        interim = false;
        if (!http10) {
          client.write(LastHttpContent.EMPTY_LAST_CONTENT, client.voidPromise());
          client.flush();
        }
      }
      return;
    }
    if (!responseStarted) {
      content.release();
      return;
    }
    bytesSent += content.content().readableBytes();
    if (!last) {
      client.write(content, client.voidPromise());
      return;
    }
    responseComplete((LastHttpContent) content);
  }

  /** The backend connection finished a read: send it on, and read more if the client keeps up. */
  void onBackendReadComplete() {
    client.flush();
    if (finished) {
      return;
    }
    if (client.isWritable()) {
      backendChannel.read();
    } else {
      backendReadPaused = true;
    }
  }

  /** The client drained its write buffer: read more of the response. */
  public void clientWritable() {
    if (backendReadPaused && !finished) {
      backendReadPaused = false;
      backendChannel.read();
    }
  }

  /** The backend connection closed while this exchange used it. */
  void onBackendClosed() {
    if (finished) {
      return;
    }
    backendChannel = null;
    relay = null;
    if (!responseStarted && reusedConnection && replayable && staleRetries < MAX_STALE_RETRIES) {
      // A pooled connection the backend had already closed: nothing was processed that a safe,
      // bodiless request could not repeat. Not the backend's fault either.
      staleRetries++;
      log.debug("request {}: pooled connection to {} was closed, retrying", requestId, backend);
      acquire();
      return;
    }
    log.debug("request {}: {} closed the connection", requestId, backend.address());
    services.observer().backendFailed(backend, FailureKind.BACKEND_RESET);
    failOrAbort(FailureKind.BACKEND_RESET);
  }

  private void badResponse(Throwable cause) {
    log.debug("request {}: invalid response from {}: {}", requestId, backend.address(), cause);
    services.observer().backendFailed(backend, FailureKind.BAD_RESPONSE);
    failOrAbort(FailureKind.BAD_RESPONSE);
  }

  // ---- the client side --------------------------------------------------------------------

  /** The client connection closed: stop, and free the backend connection. */
  public void clientClosed() {
    if (finished) {
      return;
    }
    dropBackend();
    finish(FailureKind.CLIENT_CLOSED, responseStarted ? status : 499, false, null);
  }

  /**
   * The client connection was idle for the idle timeout with this exchange in flight. While the
   * request body is still due, the upload has stalled: if the backend is not reading it, the
   * backend is at fault (504), else the client (408). While the response is due, the request
   * timeout governs and this is ignored.
   */
  public void clientIdle() {
    if (finished || requestComplete) {
      return;
    }
    boolean backendStalled = backendChannel != null && !backendChannel.isWritable();
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
    boolean reusable = backendKeepAlive && requestComplete;
    relay.unbind();
    relay = null;
    if (reusable) {
      services.pool().release(backendChannel);
      backendChannel.read(); // so that the pool notices when the backend closes it
    } else {
      backendChannel.close();
    }
    backendChannel = null;
    boolean keepAlive = !closeClient && requestComplete && !closeRequested;
    ChannelFuture written =
        keepAlive ? client.writeAndFlush(last, client.voidPromise()) : client.writeAndFlush(last);
    finish(null, status, keepAlive, keepAlive ? null : written);
  }

  private void failOrAbort(FailureKind kind) {
    if (responseStarted) {
      abort(kind);
    } else {
      fail(kind);
    }
  }

  /**
   * Fails the exchange before any response was sent: the client gets the status of {@code kind}.
   */
  private void fail(FailureKind kind) {
    if (finished) {
      return;
    }
    dropBackend();
    // A request without a body is over once its head is read: the client connection drops the
    // end marker still queued and can go on. Unread body would have to be drained; we close.
    boolean keepAlive = (requestComplete || bodiless) && clientKeepAlive && !closeRequested;
    FullHttpResponse response =
        ErrorResponses.of(kind, requestId, head, !keepAlive, client.alloc());
    bytesSent = response.content().readableBytes();
    ChannelFuture written = client.writeAndFlush(response);
    finish(kind, kind.status(), keepAlive, written);
  }

  /** Fails the exchange after its response started: only closing tells the client. */
  private void abort(FailureKind kind) {
    if (finished) {
      return;
    }
    dropBackend();
    client.close();
    finish(kind, status, false, null);
  }

  private void dropBackend() {
    if (relay != null) {
      relay.unbind();
      relay = null;
    }
    if (backendChannel != null) {
      backendChannel.close();
      backendChannel = null;
    }
  }

  private void uncount() {
    if (counted) {
      counted = false;
      backend.requestFinished();
    }
  }

  private void finish(FailureKind failure, int sentStatus, boolean keepAlive, ChannelFuture last) {
    finished = true;
    if (timerArmed) {
      timer.disarm();
    }
    uncount();
    services
        .observer()
        .exchangeCompleted(
            new Exchange(
                start,
                clientInfo.frontend(),
                clientInfo.ip(),
                method,
                path,
                sentStatus,
                backend == null || failure == FailureKind.NO_HEALTHY_BACKEND
                    ? Exchange.NO_BACKEND
                    : backend.address(),
                Duration.ofNanos(System.nanoTime() - startNanos),
                bytesSent,
                requestId,
                failure));
    clientSide.exchangeDone(this, keepAlive, last);
  }

  /** Releases a body part that arrives after the exchange ended. */
  static void discard(Object message) {
    ReferenceCountUtil.release(message);
  }
}
