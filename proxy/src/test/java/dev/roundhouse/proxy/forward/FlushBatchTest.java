package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Put-off flushes go out when the loop runs its tasks, in order, the sixteenth sending them all.
 */
class FlushBatchTest {

  private final EmbeddedChannel loopChannel = new EmbeddedChannel();
  private final FlushBatch batch = new FlushBatch(loopChannel.eventLoop());
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    loopChannel.finishAndReleaseAll();
  }

  @Test
  void writesPutOffGoOutTogetherWhenTheLoopRunsItsTasks() {
    List<DeferredFlush> flushes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      flushes.add(writeAndPutOff("response " + i));
    }
    for (EmbeddedChannel channel : channels) {
      assertThat((Object) channel.readOutbound()).as("nothing sent before the turn ends").isNull();
    }

    loopChannel.runPendingTasks();

    for (int i = 0; i < 3; i++) {
      assertThat((Object) channels.get(i).readOutbound()).isEqualTo("response " + i);
    }
    flushes.get(0).soon(); // a later turn: put off again, and sent again
    channels.get(0).write("next");
    loopChannel.runPendingTasks();
    assertThat((Object) channels.get(0).readOutbound()).isEqualTo("next");
  }

  @Test
  void theSixteenthWaitingFlushSendsThemAllAtOnce() {
    DeferredFlush first = writeAndPutOff("early 0");
    for (int i = 1; i < FlushBatch.MAX_WAITING - 1; i++) {
      writeAndPutOff("early " + i);
    }
    first.soon(); // already waiting: not counted twice
    assertThat((Object) channels.get(0).readOutbound()).isNull();

    writeAndPutOff("the sixteenth");

    for (int i = 0; i < channels.size(); i++) {
      assertThat((Object) channels.get(i).readOutbound()).as("channel %d", i).isNotNull();
    }
    channels.get(0).write("written, not put off");
    loopChannel.runPendingTasks(); // the turn's task finds nothing left to send
    assertThat((Object) channels.get(0).readOutbound()).isNull();
  }

  @Test
  void nowSendsWhatWasPutOffAtOnceAndTheTurnsTaskDoesNotSendItAgain() {
    DeferredFlush flush = writeAndPutOff("before a close");

    flush.now();

    assertThat((Object) channels.get(0).readOutbound()).isEqualTo("before a close");
    channels.get(0).write("written, not flushed");
    loopChannel.runPendingTasks();
    assertThat((Object) channels.get(0).readOutbound()).as("no flush was pending").isNull();
  }

  @Test
  void theyGoOutInTheOrderTheyWerePutOffAndOnePutOffWhileTheyGoGoesAtOnce() {
    List<String> flushed = new ArrayList<>();
    EmbeddedChannel late = recording("late", flushed, null);
    DeferredFlush lateFlush = new DeferredFlush(late, batch);
    for (String name : List.of("a", "b", "c")) {
      Runnable onFlush = // as a listener of b's write would
          name.equals("b")
              ? () -> {
                late.write("late");
                lateFlush.soon();
              }
              : null;
      EmbeddedChannel channel = recording(name, flushed, onFlush);
      channel.write(name);
      new DeferredFlush(channel, batch).soon();
    }

    loopChannel.runPendingTasks();

    assertThat(flushed).containsExactly("a", "b", "late", "c");
    assertThat((Object) late.readOutbound()).isEqualTo("late");
  }

  /** A channel that notes its name in {@code flushed} at each flush, then runs {@code onFlush}. */
  private EmbeddedChannel recording(String name, List<String> flushed, Runnable onFlush) {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(ChannelHandlerContext ctx) {
                flushed.add(name);
                if (onFlush != null) {
                  onFlush.run();
                }
                ctx.flush();
              }
            });
    channels.add(channel);
    return channel;
  }

  private DeferredFlush writeAndPutOff(String message) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channels.add(channel);
    DeferredFlush flush = new DeferredFlush(channel, batch);
    channel.write(message);
    flush.soon();
    return flush;
  }
}
