package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Timeouts;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The client's clock. The connection's {@link ClientRequestDecoder} tells it of every read before
 * it decodes, so that it sees bytes as they arrive. It bounds each part of a request by its own
 * rule, and fires a {@link ClientTimeout} up the pipeline (from the decoder) when one is broken:
 *
 * <ul>
 *   <li>waiting for a request on a kept-alive connection: {@code timeouts.idle}, until the first
 *       byte arrives;
 *   <li>the request head: {@code timeouts.requestHead} from the accept (first request) or from the
 *       first byte (later ones). A deadline: bytes trickling in do not move it, which is what stops
 *       a slowloris client;
 *   <li>the request body: {@code timeouts.requestBody} of silence, measured from the last read.
 * </ul>
 *
 * <p>The {@link ClientConnection} moves it from phase to phase; while a response is due it is off
 * (the exchange's request timeout governs). One scheduled check at a time, and a phase change
 * mostly only notes the phase and the time: the check, when it runs, compares them with the limit
 * and sleeps again for what is left. It never sleeps longer than the shorter of the idle and head
 * limits, so the phases every keep-alive request goes through (idle, head, off) never find their
 * deadline before the pending check, and such a connection schedules a check about once per that
 * limit instead of two scheduled tasks and two cancellations per request (each a priority-queue
 * insert or removal on the event loop). Only a phase whose deadline comes before the pending check
 * (a body timeout shorter than those two) moves the check.
 *
 * <p>It is not a handler of its own: riding on the decoder saves every connection a pipeline
 * context and every read a hop through the pipeline.
 */
final class ClientTimer {

  private enum Phase {
    OFF,
    WAITING,
    HEAD,
    BODY
  }

  private final long idleNanos;
  private final long headNanos;
  private final long bodyNanos;
  private final long checkEveryNanos;
  private long checkAt;
  private @Nullable ChannelHandlerContext ctx;
  private Phase phase = Phase.OFF;
  private long since;
  private boolean headBegun;
  private @Nullable ScheduledFuture<?> check;

  ClientTimer(Timeouts timeouts) {
    requireNonNull(timeouts, "timeouts");
    this.idleNanos = timeouts.idle().toNanos();
    this.headNanos = timeouts.requestHead().toNanos();
    this.bodyNanos = timeouts.requestBody().toNanos();
    this.checkEveryNanos = Math.min(idleNanos, headNanos);
  }

  /** The timer fires its timeouts from {@code ctx}, the decoder's, and runs on its event loop. */
  void attach(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** The connection is accepted: the first request's head is due from now. */
  void connected() {
    enter(Phase.HEAD);
  }

  /** Bytes came from the client. */
  void bytesArrived() {
    switch (phase) {
      case WAITING -> {
        enter(Phase.HEAD);
        headBegun = true;
      }
      case HEAD -> headBegun = true;
      case BODY -> since = now();
      case OFF -> {}
    }
  }

  /** The connection is gone or no longer HTTP: no check is left behind holding it. */
  void detach() {
    phase = Phase.OFF;
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  /** The connection waits for its next request: idle until a byte arrives, then the head's time. */
  void waitForRequest() {
    enter(Phase.WAITING);
  }

  /** A request head is in; its body is due, each pause at most {@code timeouts.requestBody}. */
  void readingBody() {
    enter(Phase.BODY);
  }

  /** Nothing is due from the client: its request is in, or the connection is closing. */
  void stop() {
    enter(Phase.OFF);
  }

  private void enter(Phase next) {
    phase = next;
    headBegun = false;
    if (next == Phase.OFF || ctx == null) {
      return; // a pending check finds nothing due and is not renewed; no clock read for it
    }
    since = now();
    if (check != null && checkAt - (since + limit(next)) > 0) {
      check.cancel(false); // this phase ends before the pending check would look
      check = null;
    }
    if (check == null) {
      schedule(limit(next));
    }
  }

  private void schedule(long nanos) {
    long delay = Math.min(nanos, checkEveryNanos);
    checkAt = now() + delay;
    check = ctx.executor().schedule(this::expire, delay, TimeUnit.NANOSECONDS);
  }

  private void expire() {
    check = null;
    if (phase == Phase.OFF || !ctx.channel().isActive()) {
      return;
    }
    long left = since + limit(phase) - now();
    if (left > 0) {
      schedule(left);
      return;
    }
    ClientTimeout timeout =
        switch (phase) {
          case HEAD -> headBegun ? ClientTimeout.HEAD : ClientTimeout.IDLE;
          case BODY -> ClientTimeout.BODY;
          default -> ClientTimeout.IDLE;
        };
    phase = Phase.OFF;
    ctx.fireUserEventTriggered(timeout);
  }

  private long now() {
    return ctx == null ? 0 : ctx.executor().ticker().nanoTime();
  }

  private long limit(Phase of) {
    return switch (of) {
      case WAITING -> idleNanos;
      case HEAD -> headNanos;
      case BODY -> bodyNanos;
      case OFF -> Long.MAX_VALUE;
    };
  }
}
