package dev.roundhouse.proxy.logging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The access log's writer: an idle one parks instead of polling, and the next line wakes it; every
 * line queued is written, before and after, and at stop.
 */
class BatchingAppenderTest {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(); // synchronized
  private final BatchingAppender appender = new BatchingAppender(encoder(), out, 16, 5_000);

  @AfterEach
  void stop() {
    appender.stop();
    context.stop();
  }

  @Test
  void anIdleWriterParksAndTheNextLineWakesIt() {
    start();
    append("before the idle spell");
    await().atMost(Duration.ofSeconds(10)).until(() -> written().contains("before the idle"));

    await().atMost(Duration.ofSeconds(30)).until(appender::writerParked);
    append("after the idle spell");

    await().atMost(Duration.ofSeconds(10)).until(() -> written().contains("after the idle"));
    assertThat(written()).isEqualTo("before the idle spell\nafter the idle spell\n");
  }

  @Test
  void whatIsQueuedAtStopIsWritten() {
    start();
    await().atMost(Duration.ofSeconds(30)).until(appender::writerParked);
    append("one");
    append("two");
    appender.stop();

    assertThat(written()).isEqualTo("one\ntwo\n");
  }

  private void start() {
    appender.setContext(context);
    appender.start();
  }

  private void append(String message) {
    appender.doAppend(
        new LoggingEvent(
            BatchingAppenderTest.class.getName(),
            context.getLogger("roundhouse.access"),
            Level.INFO,
            message,
            null,
            null));
  }

  private String written() {
    return out.toString(UTF_8);
  }

  private PatternLayoutEncoder encoder() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    return encoder;
  }
}
