package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.api.Timeouts;
import dev.roundhouse.proxy.testing.LeakCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's clock on an in-memory channel with frozen time (idle 5s, request head 1s, body
 * pauses 2s), riding on the connection's decoder as in the proxy: which timeout it reports, and
 * when.
 */
@ExtendWith(LeakCheck.class)
class ClientTimerTest {

  private final List<Object> events = new ArrayList<>();
  private ClientTimer timer;
  private EmbeddedChannel channel;

  @BeforeEach
  void open() {
    open(
        new Timeouts(
            null, null, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll(); // the decoder releases the partial request it holds
  }

  /** A connection just accepted, its clock set to {@code timeouts}, time frozen. */
  private void open(Timeouts timeouts) {
    timer = new ClientTimer(timeouts);
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new ClientRequestDecoder(RequestLimits.DEFAULTS, timer), recorder());
    channel.pipeline().fireChannelActive(); // the accept, as far as the timer knows
  }

  @Test
  void bytesTricklingInDoNotMoveTheHeadDeadline() {
    for (int i = 0; i < 4; i++) {
      after(200);
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
    }
    assertThat(events).isEmpty();
    after(200); // 1s after the accept
    assertThat(events).containsExactly(ClientTimeout.HEAD);
  }

  @Test
  void aConnectionThatSendsNothingIsIdleAfterTheHeadDeadline() {
    firesAfter(1000, ClientTimeout.IDLE);
  }

  @Test
  void aKeptAliveConnectionWaitsTheIdleTimeThenTheHeadDeadlineFromItsFirstByte() {
    timer.waitForRequest();
    after(4000);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
    firesAfter(1000, ClientTimeout.HEAD);
  }

  @Test
  void aKeptAliveConnectionWithoutARequestIsIdle() {
    timer.waitForRequest();
    firesAfter(5000, ClientTimeout.IDLE);
  }

  @Test
  void aBodyMayTakeLongInAllButNotPauseLong() {
    timer.readingBody();
    for (int i = 0; i < 5; i++) { // 7.5s in all, never 2s of silence
      after(1500);
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'x'}));
    }
    assertThat(events).isEmpty();
    after(2000);
    assertThat(events).containsExactly(ClientTimeout.BODY);
  }

  @Test
  void nothingIsReportedOnceStopped() {
    timer.readingBody();
    timer.stop();
    after(60_000);
    assertThat(events).isEmpty();
  }

  @Test
  void aDecoderLeavingThePipelineTakesItsTimerAlong() {
    // A connection that became a tunnel (a WebSocket): no HTTP timeout may end it later.
    channel.pipeline().remove(ClientRequestDecoder.class);
    after(60_000);
    assertThat(events).isEmpty();
  }

  @Test
  void aRequestAnsweredInTheReadThatBroughtItLeavesTheConnectionIdle() {
    // As a connection does with a request it answers at once: off while it is due, then waiting.
    channel
        .pipeline()
        .addAfter(
            channel.pipeline().context(ClientRequestDecoder.class).name(),
            null,
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                  timer.stop();
                }
                if (msg instanceof LastHttpContent) {
                  timer.waitForRequest();
                }
                ReferenceCountUtil.release(msg);
              }
            });
    channel.writeInbound(
        Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: t\r\n\r\n", StandardCharsets.US_ASCII));
    // No byte of a next request has come: idle after 5s, not a head past its 1s deadline.
    firesAfter(5000, ClientTimeout.IDLE);
  }

  @Test
  void afterManyRequestsOnAKeptAliveConnectionTheIdleTimeIsStillExact() {
    for (int i = 0; i < 300; i++) { // 300 requests, 30 ms apart: 9s, past every limit
      timer.waitForRequest();
      after(20);
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
      timer.stop(); // the request is in; its response takes 10 ms
      after(10);
    }
    timer.waitForRequest();
    firesAfter(5000, ClientTimeout.IDLE);
  }

  @Test
  void aPhaseAfterALongResponseGetsItsWholeTime() {
    timer.stop(); // a response that takes 30s: the check finds nothing due and is not renewed
    after(30_000);
    timer.readingBody();
    firesAfter(2000, ClientTimeout.BODY);
  }

  @Test
  void aBodyTimeoutShorterThanTheOthersIsKeptToo() {
    channel.finishAndReleaseAll();
    open(
        new Timeouts(
            null, null, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(300)));
    // a check is pending for the head, 1s away
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
    timer.readingBody();
    firesAfter(300, ClientTimeout.BODY);
  }

  /** Drops what is read and keeps the timeouts reported. */
  private ChannelInboundHandlerAdapter recorder() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        events.add(event);
      }
    };
  }

  /**
   * Nothing is reported for {@code millis - 1} ms from now, and {@code expected} at {@code millis}.
   */
  private void firesAfter(long millis, ClientTimeout expected) {
    after(millis - 1);
    assertThat(events).isEmpty();
    after(1);
    assertThat(events).containsExactly(expected);
  }

  private void after(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }
}
