package dev.roundhouse.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-connection request timer, on an in-memory event loop whose clock the test moves. */
class DeadlineTimerTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final AtomicInteger fired = new AtomicInteger();
  private DeadlineTimer timer;

  @BeforeEach
  void freeze() {
    channel.freezeTime();
    timer = new DeadlineTimer(channel.eventLoop());
  }

  private void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  @Test
  void firesOnceWhenTheDeadlinePasses() {
    timer.arm(Duration.ofMillis(100), fired::incrementAndGet);
    advance(99);
    assertThat(fired).hasValue(0);
    advance(1);
    assertThat(fired).hasValue(1);
    advance(1000);
    assertThat(fired).hasValue(1);
  }

  @Test
  void aDisarmedTimerNeverFires() {
    timer.arm(Duration.ofMillis(100), fired::incrementAndGet);
    timer.disarm();
    advance(500);
    assertThat(fired).hasValue(0);
  }

  @Test
  void reArmingMovesTheDeadlineWithoutFiringEarly() {
    timer.arm(Duration.ofMillis(100), fired::incrementAndGet);
    advance(80);
    timer.disarm();
    timer.arm(Duration.ofMillis(100), fired::incrementAndGet); // due at 180
    advance(20); // the first task wakes at 100 and goes back to sleep
    assertThat(fired).hasValue(0);
    advance(79);
    assertThat(fired).hasValue(0);
    advance(1);
    assertThat(fired).hasValue(1);
  }

  @Test
  void anEarlierDeadlineIsHonoured() {
    timer.arm(Duration.ofSeconds(60), fired::incrementAndGet);
    timer.disarm();
    timer.arm(Duration.ofMillis(50), () -> fired.addAndGet(10));
    advance(50);
    assertThat(fired).hasValue(10);
  }

  @Test
  void stopCancelsEverything() {
    timer.arm(Duration.ofMillis(10), fired::incrementAndGet);
    timer.stop();
    advance(100);
    assertThat(fired).hasValue(0);
  }
}
