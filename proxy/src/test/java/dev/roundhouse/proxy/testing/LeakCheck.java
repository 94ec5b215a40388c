package dev.roundhouse.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class that leaked a Netty buffer. Netty reports a leak when a tracked buffer is
 * garbage-collected unreleased, and only at a later allocation; so after the class this collects
 * garbage, allocates, and looks for the report. Run with {@code
 * -Dio.netty.leakDetection.level=paranoid} (the proxy's pom does) to track every buffer.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {

  private final ListAppender<ILoggingEvent> reports = new ListAppender<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    reports.start();
    detectorLog().addAppender(reports);
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    try {
      for (int round = 0; round < 3; round++) {
        System.gc();
        Thread.sleep(50);
        for (int i = 0; i < 200; i++) {
          ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(64);
          probe.release();
        }
      }
      assertThat(LogLines.of(reports))
          .as("Netty buffer leaks reported")
          .filteredOn(message -> message.contains("LEAK"))
          .isEmpty();
    } finally {
      detectorLog().detachAppender(reports);
    }
  }

  private static Logger detectorLog() {
    return (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
  }
}
