package dev.roundhouse.proxy.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import dev.roundhouse.api.LogFormat;
import net.logstash.logback.encoder.LogstashEncoder;

/** The encoders of the two outputs, application and access log, in either format. */
final class Encoders {

  /** The field name value that tells logstash-logback-encoder to leave a field out. */
  private static final String OMIT = "[ignore]";

  private static final String TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC}";

  private static final String TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  private Encoders() {}

  /**
   * Application lines. JSON: {@code @timestamp, level, logger_name, thread_name, message} and
   * {@code stack_trace} when there is one. Text: time, level, thread, logger and message.
   */
  static Encoder<ILoggingEvent> application(LoggerContext context, LogFormat format) {
    if (format == LogFormat.JSON) {
      LogstashEncoder json = json(context);
      json.start();
      return json;
    }
    return pattern(context, TIME + " %-5level [%thread] %logger{36} - %msg%n");
  }

  /**
   * Access lines. JSON: {@code @timestamp, level, logger_name} and the fields {@link AccessLog}
   * adds. Text: time, {@code access} and the message {@link AccessLog} writes.
   */
  static Encoder<ILoggingEvent> access(LoggerContext context, LogFormat format) {
    if (format == LogFormat.JSON) {
      AccessJsonEncoder json = new AccessJsonEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    return pattern(context, TIME + " access %msg%n");
  }

  private static LogstashEncoder json(LoggerContext context) {
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    // UTC with a "Z", as the text format prints it, whatever the host's time zone.
    json.setTimeZone("UTC");
    json.setTimestampPattern(TIMESTAMP);
    json.getFieldNames().setVersion(OMIT);
    json.getFieldNames().setLevelValue(OMIT);
    return json;
  }

  private static PatternLayoutEncoder pattern(LoggerContext context, String pattern) {
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(pattern);
    text.start();
    return text;
  }
}
