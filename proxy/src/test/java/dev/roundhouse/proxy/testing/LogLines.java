package dev.roundhouse.proxy.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;

/** What a logback {@link ListAppender} caught, read while other threads may still be logging. */
public final class LogLines {

  private LogLines() {}

  /**
   * The messages caught so far, as they read. A copy taken under the appender's lock ({@code
   * doAppend} holds it while it adds to the list), so that a line logged on another thread
   * meanwhile cannot break the iteration.
   */
  public static List<String> of(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
